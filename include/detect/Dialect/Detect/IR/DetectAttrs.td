//===- DetectAttrs.td - rules shared by all detect ops -----*- tablegen -*-===//
//
// Part of detect-mlir. The enums below are the vocabulary in which every
// framework's rule is written down; all ops that read boxes share them.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_IR_DETECTATTRS_TD
#define DETECT_DIALECT_DETECT_IR_DETECTATTRS_TD

include "detect/Dialect/Detect/IR/DetectDialect.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Box layout
//===----------------------------------------------------------------------===//

def Detect_BoxLayout : I32EnumAttr<"BoxLayout",
    "how the four numbers of a box are arranged", [
      I32EnumAttrCase<"xyxy", 0>,
      I32EnumAttrCase<"yxyx", 1>,
      I32EnumAttrCase<"xywh", 2>,
      I32EnumAttrCase<"cxcywh", 3>
    ]> {
  let cppNamespace = "::mlir::detect";
  let genSpecializedAttr = 0;
  let description = [{
    - `xyxy`: `[x1, y1, x2, y2]`, two corners (torchvision).
    - `yxyx`: `[y1, x1, y2, x2]`, two corners, y first (TensorFlow, TFLite, ONNX `center_point_box = 0`).
    - `xywh`: `[x1, y1, w, h]`, a corner and the size (OpenCV `Rect`/`Rect2d`, COCO).
    - `cxcywh`: `[cx, cy, w, h]`, the centre and the size (ONNX `center_point_box = 1`, YOLO heads).
  }];
}

def Detect_BoxLayoutAttr : EnumAttr<Detect_Dialect, Detect_BoxLayout, "layout">;

//===----------------------------------------------------------------------===//
// Comparison
//===----------------------------------------------------------------------===//

def Detect_Comparison : I32EnumAttr<"Comparison",
    "the comparison of a value with a threshold", [
      I32EnumAttrCase<"gt", 0>,
      I32EnumAttrCase<"ge", 1>
    ]> {
  let cppNamespace = "::mlir::detect";
  let genSpecializedAttr = 0;
  let description = [{
    - `gt`: the test passes when `value > threshold` (strict).
    - `ge`: the test passes when `value >= threshold` (inclusive).

    For the IoU test of NMS the test passing means "suppress"; for the score
    test it means "keep as a candidate". A NaN value never passes either test.
  }];
}

def Detect_ComparisonAttr : EnumAttr<Detect_Dialect, Detect_Comparison, "comparison">;

//===----------------------------------------------------------------------===//
// Degenerate boxes
//===----------------------------------------------------------------------===//

def Detect_DegenerateRule : I32EnumAttr<"DegenerateRule",
    "what an overlap ratio is when its denominator is not positive", [
      I32EnumAttrCase<"ieee", 0>,
      I32EnumAttrCase<"zero_area", 1>,
      I32EnumAttrCase<"zero_union", 2>
    ]> {
  let cppNamespace = "::mlir::detect";
  let genSpecializedAttr = 0;
  let description = [{
    - `ieee`: plain IEEE division, no guard: two zero-area boxes give `0/0 = NaN`
      (torchvision).
    - `zero_area`: the IoU is 0 when either box has an area `<= 0`
      (TensorFlow, TFLite, TFLite Micro).
    - `zero_union`: the IoU is 0 when the union is `<= 0` (TVM; ONNX Runtime,
      which never suppresses a pair whose intersection is not positive,
      takes the same decisions with `iou_compare(gt)`). It differs from
      `zero_area` only for flipped boxes whose corners are not normalised.

    Under `zero_area` and `zero_union`, the extra ratios of GIoU, DIoU and CIoU
    are also 0 when their denominator (enclosing area, enclosing diagonal) is
    `<= 0`.
  }];
}

def Detect_DegenerateRuleAttr : EnumAttr<Detect_Dialect, Detect_DegenerateRule, "degenerate">;

//===----------------------------------------------------------------------===//
// IoU kind
//===----------------------------------------------------------------------===//

def Detect_IouKind : I32EnumAttr<"IouKind",
    "the overlap measure", [
      I32EnumAttrCase<"iou", 0>,
      I32EnumAttrCase<"giou", 1>,
      I32EnumAttrCase<"diou", 2>,
      I32EnumAttrCase<"ciou", 3>
    ]> {
  let cppNamespace = "::mlir::detect";
  let genSpecializedAttr = 0;
  let description = [{
    As torchvision's `box_iou`, `generalized_box_iou`, `distance_box_iou` and
    `complete_box_iou`:
    - `iou`: `inter / union`.
    - `giou`: `iou - (enclosing_area - union) / enclosing_area`.
    - `diou`: `iou - centre_distance^2 / enclosing_diagonal^2`.
    - `ciou`: `diou - alpha * v` with
      `v = 4 / pi^2 * (atan(w2 / h2) - atan(w1 / h1))^2` and
      `alpha = v / (1 - iou + v)`.
  }];
}

def Detect_IouKindAttr : EnumAttr<Detect_Dialect, Detect_IouKind, "iou_kind">;

#endif // DETECT_DIALECT_DETECT_IR_DETECTATTRS_TD
