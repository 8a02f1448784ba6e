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

//===----------------------------------------------------------------------===//
// Soft-NMS rules
//===----------------------------------------------------------------------===//

def Detect_SoftNmsMethod : I32EnumAttr<"SoftNmsMethod",
    "how soft-NMS lowers the score of an overlapping box", [
      I32EnumAttrCase<"linear", 0>,
      I32EnumAttrCase<"gaussian", 1>
    ]> {
  let cppNamespace = "::mlir::detect";
  let genSpecializedAttr = 0;
  let description = [{
    - `linear`: the score is multiplied by `1 - IoU` when the IoU passes the
      IoU test (OpenCV `SOFTNMS_LINEAR`).
    - `gaussian`: the score is multiplied by a Gaussian of the IoU
      (TensorFlow `NonMaxSuppressionV5`, OpenCV `SOFTNMS_GAUSSIAN`; the
      exact formula belongs to the `update` rule).
  }];
}

def Detect_SoftNmsMethodAttr : EnumAttr<Detect_Dialect, Detect_SoftNmsMethod, "soft_nms_method">;

def Detect_SoftNmsUpdate : I32EnumAttr<"SoftNmsUpdate",
    "when soft-NMS rescores the remaining boxes", [
      I32EnumAttrCase<"lazy", 0>,
      I32EnumAttrCase<"eager", 1>
    ]> {
  let cppNamespace = "::mlir::detect";
  let genSpecializedAttr = 0;
  let description = [{
    - `lazy`: TensorFlow's `NonMaxSuppressionV5` (and tfjs's port): the box
      with the best current score is rescored against the boxes selected
      since its last visit, newest first; an IoU passing the IoU test drops
      it; it is selected only when that rescoring left its score unchanged,
      and otherwise goes back among the candidates.
    - `eager`: OpenCV's `softNMSBoxes`: the best box is selected, then every
      remaining box is rescored against it.
  }];
}

def Detect_SoftNmsUpdateAttr : EnumAttr<Detect_Dialect, Detect_SoftNmsUpdate, "soft_nms_update">;

def Detect_SoftNmsOverlap : I32EnumAttr<"SoftNmsOverlap",
    "the overlap measure soft-NMS rescores with", [
      I32EnumAttrCase<"iou", 0>,
      I32EnumAttrCase<"jaccard_distance", 1>
    ]> {
  let cppNamespace = "::mlir::detect";
  let genSpecializedAttr = 0;
  let description = [{
    - `iou`: the IoU in the compute type, under the op's `degenerate` rule.
    - `jaccard_distance`: OpenCV's `rectOverlap`: `1 - f32(1 - IoU)` with the
      IoU computed in `f64`, and an overlap of 1 when the two areas sum to
      `<= 0` (two empty boxes).
  }];
}

def Detect_SoftNmsOverlapAttr : EnumAttr<Detect_Dialect, Detect_SoftNmsOverlap, "soft_nms_overlap">;

//===----------------------------------------------------------------------===//
// Class-aware NMS strategy (torchvision batched_nms)
//===----------------------------------------------------------------------===//

def Detect_BatchedNmsStrategy : I32EnumAttr<"BatchedNmsStrategy",
    "how NMS is kept from acting across classes", [
      I32EnumAttrCase<"per_class", 0>,
      I32EnumAttrCase<"coordinate_offset", 1>
    ]> {
  let cppNamespace = "::mlir::detect";
  let genSpecializedAttr = 0;
  let description = [{
    The two strategies of torchvision's `batched_nms`:
    - `per_class`: one NMS per distinct class, the kept boxes merged by
      decreasing score (`_batched_nms_vanilla`, torchvision's choice on the
      CPU above 1000 boxes). Exact: boxes of different classes never
      suppress each other.
    - `coordinate_offset`: one NMS over the boxes shifted by
      `class * (max_coordinate + 1)` (`_batched_nms_coordinate_trick`,
      torchvision's choice otherwise). Its IoUs are those of the shifted
      boxes, rounded at their magnitude, and classes are separated only when
      the coordinates are non-negative and the classes too.
  }];
}

def Detect_BatchedNmsStrategyAttr
    : EnumAttr<Detect_Dialect, Detect_BatchedNmsStrategy, "batched_nms_strategy">;

#endif // DETECT_DIALECT_DETECT_IR_DETECTATTRS_TD
