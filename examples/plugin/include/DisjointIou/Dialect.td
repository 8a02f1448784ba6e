//===- Dialect.td - the example plugin's dialect ------------*- tablegen -*-===//
//
// Part of detect-mlir's example plugin: a dialect loaded with
// --load-dialect-plugin. Its one op is a shorthand that the plugin's pass
// lowers through the plugin's IoU lowering.
//
//===----------------------------------------------------------------------===//

#ifndef DISJOINTIOU_DIALECT_TD
#define DISJOINTIOU_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def DisjointIou_Dialect : Dialect {
  let name = "disjoint_iou";
  let summary = "The example plugin's dialect";
  let cppNamespace = "::disjoint_iou";
}

def DisjointIou_IouOp : Op<DisjointIou_Dialect, "iou", [Pure]> {
  let summary = "torchvision's box_iou, lowered by lower-iou-skip-disjoint";
  let description = [{
    `detect.iou` with its defaults (xyxy boxes, `kind(iou)`, IEEE division),
    always lowered by the plugin's lowering: `lower-iou-skip-disjoint`
    rewrites it to `detect.iou` and lowers that.
  }];
  let arguments = (ins 2DTensorOf<[F32]>:$lhs, 2DTensorOf<[F32]>:$rhs);
  let results = (outs 2DTensorOf<[F32]>:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
}

#endif // DISJOINTIOU_DIALECT_TD
