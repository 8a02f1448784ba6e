//===- DetectDialect.td - the detect dialect ---------------*- tablegen -*-===//
//
// Part of detect-mlir. The dialect of object-detection post-processing ops.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_IR_DETECTDIALECT_TD
#define DETECT_DIALECT_DETECT_IR_DETECTDIALECT_TD

include "mlir/IR/OpBase.td"

def Detect_Dialect : Dialect {
  let name = "detect";
  let cppNamespace = "::mlir::detect";
  let summary = "Object-detection post-processing: boxes, IoU and non-maximum suppression";
  let description = [{
    The `detect` dialect holds the operations that end an object detector:
    converting box layouts, box areas, clipping, pairwise IoU, anchor decoding
    and non-maximum suppression (NMS).

    Every framework (torchvision, ONNX Runtime, TensorFlow/TFLite, OpenCV)
    implements these operations with slightly different rules. Here each rule
    is an explicit attribute of the op: the box layout, whether corners are
    normalised with min/max, the IoU and score comparisons (`>` or `>=`), how
    degenerate boxes are treated, the output limit. A framework's operation is
    therefore one op with the right attributes, and every framework shares a
    single lowering.

    The ops work on tensors with value semantics. Results whose length depends
    on the data (the boxes kept by NMS) are returned as a fixed-capacity tensor
    plus a run-time count, so that everything keeps static shapes on a
    microcontroller; the ops that read boxes accept such a count (`valid`) and
    ignore the rows beyond it. A count is clamped to `[0, N]`: a negative
    count means no rows, a count above `N` means all of them.
  }];
  // Canonicalization creates constants and empty tensors.
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::tensor::TensorDialect"
  ];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 0;
}

#endif // DETECT_DIALECT_DETECT_IR_DETECTDIALECT_TD
