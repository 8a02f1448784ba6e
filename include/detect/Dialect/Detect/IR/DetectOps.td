//===- DetectOps.td - detect dialect operations ------------*- tablegen -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_IR_DETECTOPS_TD
#define DETECT_DIALECT_DETECT_IR_DETECTOPS_TD

include "detect/Dialect/Detect/IR/DetectAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpBase.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// f16 and bf16 are accepted where the arithmetic is a handful of adds and
// multiplies; the lowering computes in the element type.
def Detect_Float : AnyTypeOf<[F16, BF16, F32, F64], "f16, bf16, f32 or f64">;
def Detect_FloatTensor : RankedTensorOf<[F16, BF16, F32, F64]>;
// A run-time count of valid rows, or a run-time scalar limit.
def Detect_Count : AnyTypeOf<[I32, I64, Index], "i32, i64 or index">;
// Indices of kept boxes, and their count.
def Detect_IndexTensor : RankedTensorOf<[I32, I64]>;
def Detect_IndexScalar : AnyTypeOf<[I32, I64], "i32 or i64">;

class Detect_Op<string mnemonic, list<Trait> traits = []>
    : Op<Detect_Dialect, mnemonic, !listconcat(traits, [Pure])>;

//===----------------------------------------------------------------------===//
// box_convert
//===----------------------------------------------------------------------===//

def Detect_BoxConvertOp : Detect_Op<"box_convert"> {
  let summary = "Converts boxes from one layout to another";
  let description = [{
    Rewrites each box `[N, 4]` from `from` layout to `to` layout, as
    torchvision's `box_convert`. Corners are not reordered: a flipped
    `xyxy` box becomes an `xywh` box with a negative width.

    With `valid(%n)`, only the first `%n` rows are converted; the rows from
    `%n` on are 0 in the result.

    Folding: a conversion to the same layout is the identity, and a round trip
    `a -> b -> a` is the input. The round trip is exact in real arithmetic and,
    for the swaps `xyxy <-> yxyx`, in floating point too. For the other pairs
    the fold returns the input exactly where two rounded conversions would
    not: the error of those is up to an ulp of the largest intermediate (for
    `x1 = 0.1, x2 = 1000` through `cxcywh`, `x1` comes back as `0.0999756`),
    and an overflow gives inf/NaN there but not after the fold. Write two
    conversions through another op if a framework's rounding must be kept.

    Example:
    ```mlir
    %c = detect.box_convert %boxes from xyxy to cxcywh
        : tensor<100x4xf32> -> tensor<100x4xf32>
    ```
  }];
  let arguments = (ins Detect_FloatTensor:$boxes,
                       Optional<Detect_Count>:$valid_count,
                       Detect_BoxLayoutAttr:$from,
                       Detect_BoxLayoutAttr:$to);
  let results = (outs Detect_FloatTensor:$result);
  let assemblyFormat = [{
    $boxes (`valid` `(` $valid_count^ `:` type($valid_count) `)`)?
    `from` custom<Keyword>($from) `to` custom<Keyword>($to) attr-dict `:` type($boxes) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// box_area
//===----------------------------------------------------------------------===//

def Detect_BoxAreaOp : Detect_Op<"box_area"> {
  let summary = "Area of each box";
  let description = [{
    Computes the area of each box `[N, 4] -> [N]` as torchvision's `box_area`:
    `(x2 - x1) * (y2 - y1)` for the corner layouts, `w * h` for the sized ones.
    A flipped box has a negative area unless `normalize_corners` is set, which
    takes the absolute side lengths (the min/max corner rule of TensorFlow and
    ONNX Runtime).

    With `valid(%n)`, areas from row `%n` on are 0.

    Example:
    ```mlir
    %a = detect.box_area %boxes layout(yxyx) : tensor<100x4xf32> -> tensor<100xf32>
    ```
  }];
  let arguments = (ins Detect_FloatTensor:$boxes,
                       Optional<Detect_Count>:$valid_count,
                       DefaultValuedAttr<Detect_BoxLayoutAttr, "BoxLayout::xyxy">:$layout,
                       UnitAttr:$normalize_corners);
  let results = (outs Detect_FloatTensor:$result);
  let assemblyFormat = [{
    $boxes (`valid` `(` $valid_count^ `:` type($valid_count) `)`)?
    `` custom<Rule>("\"layout\"", $layout, "::mlir::detect::BoxLayout::xyxy") `` custom<Flag>("\"normalize_corners\"", $normalize_corners)
    attr-dict `:` type($boxes) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// clip_boxes
//===----------------------------------------------------------------------===//

def Detect_ClipBoxesOp : Detect_Op<"clip_boxes", [AttrSizedOperandSegments]> {
  let summary = "Clips boxes to an image";
  let description = [{
    Clamps every box to the image `[0, width] x [0, height]`, as torchvision's
    `clip_boxes_to_image`: x coordinates to `[0, width]`, y coordinates to
    `[0, height]`. The size is given either as attributes or as run-time
    scalar operands of the element type. For the sized layouts (`xywh`,
    `cxcywh`) the box is clipped as corners and converted back.

    A NaN coordinate stays NaN (clamping is `min(max(v, 0), limit)` with
    NaN-propagating min/max, as `torch.clamp`).

    With `valid(%n)`, rows from `%n` on are 0.

    Example:
    ```mlir
    %c = detect.clip_boxes %boxes height(480.0) width(640.0)
        : tensor<100x4xf32> -> tensor<100x4xf32>
    %d = detect.clip_boxes %boxes height(%h : f32) width(%w : f32) layout(yxyx)
        : tensor<100x4xf32> -> tensor<100x4xf32>
    ```
  }];
  let arguments = (ins Detect_FloatTensor:$boxes,
                       Optional<Detect_Count>:$valid_count,
                       Optional<Detect_Float>:$height_value,
                       Optional<Detect_Float>:$width_value,
                       OptionalAttr<F64Attr>:$height,
                       OptionalAttr<F64Attr>:$width,
                       DefaultValuedAttr<Detect_BoxLayoutAttr, "BoxLayout::xyxy">:$layout);
  let results = (outs Detect_FloatTensor:$result);
  let assemblyFormat = [{
    $boxes (`valid` `(` $valid_count^ `:` type($valid_count) `)`)?
    `` custom<ScalarOrValue>("\"height\"", $height, $height_value, type($height_value))
    `` custom<ScalarOrValue>("\"width\"", $width, $width_value, type($width_value))
    `` custom<Rule>("\"layout\"", $layout, "::mlir::detect::BoxLayout::xyxy")
    attr-dict `:` type($boxes) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// iou
//===----------------------------------------------------------------------===//

def Detect_IouOp : Detect_Op<"iou", [AttrSizedOperandSegments]> {
  let summary = "Pairwise overlap matrix between two box sets";
  let description = [{
    Computes the `[N, M]` matrix of overlaps between `lhs [N, 4]` and
    `rhs [M, 4]`, as torchvision's `box_iou`, `generalized_box_iou`,
    `distance_box_iou` and `complete_box_iou` (`kind`).

    - `degenerate` says what a ratio is when its denominator is not
      positive (see the `DegenerateRule` enum); torchvision is `ieee`.
    - `eps` is added to the enclosing diagonal of `diou`/`ciou` and to the
      denominator of CIoU's `alpha`, as torchvision's `eps` argument
      (torchvision's default is `1e-7`); it must be 0 for `iou` and `giou`.
    - `normalize_corners` takes min/max of each axis first, so that a flipped
      box means the same as its unflipped twin.

    With `lhs_valid(%n)` / `rhs_valid(%m)`, entries whose row is `>= %n` or
    whose column is `>= %m` are 0.

    Example:
    ```mlir
    %m = detect.iou %a, %b kind(giou) : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
    ```
  }];
  let arguments = (ins Detect_FloatTensor:$lhs,
                       Detect_FloatTensor:$rhs,
                       Optional<Detect_Count>:$lhs_valid_count,
                       Optional<Detect_Count>:$rhs_valid_count,
                       DefaultValuedAttr<Detect_IouKindAttr, "IouKind::iou">:$kind,
                       DefaultValuedAttr<Detect_BoxLayoutAttr, "BoxLayout::xyxy">:$layout,
                       DefaultValuedAttr<Detect_DegenerateRuleAttr, "DegenerateRule::ieee">:$degenerate,
                       UnitAttr:$normalize_corners,
                       DefaultValuedAttr<F64Attr, "0.0">:$eps);
  let results = (outs Detect_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs
    (`lhs_valid` `(` $lhs_valid_count^ `:` type($lhs_valid_count) `)`)?
    (`rhs_valid` `(` $rhs_valid_count^ `:` type($rhs_valid_count) `)`)?
    `` custom<Rule>("\"kind\"", $kind, "::mlir::detect::IouKind::iou") `` custom<Rule>("\"layout\"", $layout, "::mlir::detect::BoxLayout::xyxy")
    `` custom<Rule>("\"degenerate\"", $degenerate, "::mlir::detect::DegenerateRule::ieee") `` custom<Flag>("\"normalize_corners\"", $normalize_corners)
    `` custom<Rule>("\"eps\"", $eps, "0.0")
    attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// decode_boxes
//===----------------------------------------------------------------------===//

def Detect_DecodeBoxesOp : Detect_Op<"decode_boxes"> {
  let summary = "SSD / TFLite centre-size anchor decoding";
  let description = [{
    Decodes box encodings `[N, 4]` = `(ty, tx, th, tw)` against anchors
    `[N, 4]` = `(ycenter, xcenter, h, w)`, as TFLite's
    `TFLite_Detection_PostProcess` does:

    ```
    yc = ty / y_scale * ah + ay      h = exp(th / h_scale) * ah
    xc = tx / x_scale * aw + ax      w = exp(tw / w_scale) * aw
    ```

    and writes each box in `layout` (TFLite's output is `yxyx`:
    `[yc - h/2, xc - w/2, yc + h/2, xc + w/2]`). The four scales are positive
    attributes. With `valid(%n)`, rows from `%n` on are 0.

    The arithmetic is in the element type, unless `compute_type(f64)` is
    given: then `yc`, `xc`, `h/2` and `w/2` are computed in `f64` and each
    rounded to the element type before the corners are formed in the
    element type, which is exactly what TFLite's and TFLite Micro's kernels
    do (they compute in `double`). In the element type the corners can
    differ from theirs by a few ulps; on a core without a double-precision
    unit it is much faster.

    Example:
    ```mlir
    %b = detect.decode_boxes %enc, %anchors scales(10.0, 10.0, 5.0, 5.0) layout(yxyx)
        : tensor<1917x4xf32>, tensor<1917x4xf32> -> tensor<1917x4xf32>
    ```
  }];
  let arguments = (ins Detect_FloatTensor:$encodings,
                       Detect_FloatTensor:$anchors,
                       Optional<Detect_Count>:$valid_count,
                       F32Attr:$y_scale,
                       F32Attr:$x_scale,
                       F32Attr:$h_scale,
                       F32Attr:$w_scale,
                       DefaultValuedAttr<Detect_BoxLayoutAttr, "BoxLayout::xyxy">:$layout,
                       OptionalAttr<TypeAttrOf<AnyFloat>>:$compute_type);
  let results = (outs Detect_FloatTensor:$result);
  let assemblyFormat = [{
    $encodings `,` $anchors (`valid` `(` $valid_count^ `:` type($valid_count) `)`)?
    `scales` `(` $y_scale `,` $x_scale `,` $h_scale `,` $w_scale `)`
    `` custom<Rule>("\"layout\"", $layout, "::mlir::detect::BoxLayout::xyxy")
    (`compute_type` `(` $compute_type^ `)`)?
    attr-dict `:` type($encodings) `,` type($anchors) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// nms
//===----------------------------------------------------------------------===//

def Detect_NmsOp : Detect_Op<"nms", [AttrSizedOperandSegments]> {
  let summary = "Greedy hard non-maximum suppression";
  let description = [{
    Selects boxes greedily by decreasing score and drops every box whose IoU
    with an already selected box passes the IoU test, as torchvision's `nms`,
    ONNX `NonMaxSuppression` for one batch and class, TensorFlow's
    `NonMaxSuppressionV3/V4` and OpenCV's `NMSBoxes`. Each rule is an
    attribute:

    | attribute | meaning | default |
    |---|---|---|
    | `iou_threshold` | IoU threshold: an `f64` attribute in `[0, 1]`, or a run-time operand of the element type (compared as given) | required |
    | `score_threshold` | candidates must pass `score <cmp> threshold`; absent: all boxes are candidates | absent |
    | `max_output` | at most this many boxes are kept; the capacity is `min(max_output, N)` | absent |
    | `max_output` operand | a run-time limit, clamped to `[0, K]` (ONNX's `max_output_boxes_per_class`); the capacity `K` is then the result's size, at most `N` (dynamic: `N`) | absent |
    | `iou_compare` | `gt`: suppress when `IoU > t` (torchvision, ONNX Runtime, TF, OpenCV); `ge`: `IoU >= t` (TFLite NMS V4/V5) | `gt` |
    | `score_compare` | `gt`: keep `score > t` (ONNX, TF, OpenCV); `ge`: `score >= t` (TFLite Micro) | `gt` |
    | `layout` | box layout | `xyxy` |
    | `normalize_corners` | min/max each axis first (TF, ONNX) | off (torchvision) |
    | `degenerate` | IoU of degenerate boxes | `ieee` (torchvision) |
    | `max_candidates` | only the best `k` candidates (after the score test, by decreasing score, equal scores by lower index) take part: OpenCV's `top_k`, applied before NMS | absent: all |
    | `eta` | adaptive threshold, in `(0, 1]`: after each kept box, while the threshold is `> 0.5`, it is multiplied by `eta` (OpenCV's `NMSBoxes`); the threshold and the product are then in the element type | absent: fixed |
    | `overlap` | `iou`, or OpenCV's `jaccard_distance` (below) | `iou` |

    `overlap(jaccard_distance)` is OpenCV's `rectOverlap` for `Rect2d`:
    `1 - f32(1 - IoU)` with the IoU of the boxes computed in `f64` (areas
    from the layout, `w * h` for `xywh`; a flipped or empty box has no
    intersection), and an overlap of 1 when the two areas sum to at most
    `2^-52` (OpenCV's `DBL_EPSILON` rule: two empty boxes overlap fully).
    `degenerate` does not apply; boxes must be `f32` or `f64`.

    Order: candidates are visited by decreasing score; equal scores resolve
    lower index first (compatible with every framework that defines ties).

    NaN policy: a box whose score is NaN is never selected (it fails every
    score test, and without a score threshold it is dropped too). An IoU that
    is NaN (a NaN coordinate, or `0/0` under `degenerate(ieee)`) fails the
    IoU test, so it suppresses nothing. `+inf`/`-inf` scores order normally.

    Results: `indices` (`i32` or `i64`) holds the kept row indices by
    decreasing score in a tensor of fixed capacity `K` (`min(max_output, N)`,
    or `N`); unused slots are -1. `count` is the number of kept boxes.
    With `valid(%n)`, only the first `%n` rows are considered (`%n` is
    clamped to `[0, N]`).

    Thresholds given as attributes are real numbers: the lowering compares
    as if the IoU computed in the element type were compared with the exact
    threshold (torchvision compares a float IoU with a double threshold).

    Example (torchvision `nms(boxes, scores, 0.5)`):
    ```mlir
    %keep, %count = detect.nms %boxes, %scores iou_threshold(0.5)
        : tensor<100x4xf32>, tensor<100xf32> -> tensor<100xi64>, i64
    ```
    ONNX-style, thresholds at run time, TF box layout:
    ```mlir
    %keep, %count = detect.nms %boxes, %scores iou_threshold(%iou : f32)
        score_threshold(%st : f32) max_output(10) layout(yxyx) normalize_corners
        degenerate(zero_union)
        : tensor<100x4xf32>, tensor<100xf32> -> tensor<10xi64>, i64
    ```
  }];
  let arguments = (ins Detect_FloatTensor:$boxes,
                       Detect_FloatTensor:$scores,
                       Optional<Detect_Count>:$valid_count,
                       Optional<Detect_Float>:$iou_threshold_value,
                       Optional<Detect_Float>:$score_threshold_value,
                       Optional<Detect_Count>:$max_output_size,
                       OptionalAttr<F64Attr>:$iou_threshold,
                       OptionalAttr<F64Attr>:$score_threshold,
                       OptionalAttr<I64Attr>:$max_output,
                       DefaultValuedAttr<Detect_ComparisonAttr, "Comparison::gt">:$iou_compare,
                       DefaultValuedAttr<Detect_ComparisonAttr, "Comparison::gt">:$score_compare,
                       DefaultValuedAttr<Detect_BoxLayoutAttr, "BoxLayout::xyxy">:$layout,
                       UnitAttr:$normalize_corners,
                       DefaultValuedAttr<Detect_DegenerateRuleAttr, "DegenerateRule::ieee">:$degenerate,
                       OptionalAttr<I64Attr>:$max_candidates,
                       OptionalAttr<F64Attr>:$eta,
                       DefaultValuedAttr<Detect_SoftNmsOverlapAttr, "SoftNmsOverlap::iou">:$overlap);
  let results = (outs Detect_IndexTensor:$indices, Detect_IndexScalar:$count);
  let assemblyFormat = [{
    $boxes `,` $scores (`valid` `(` $valid_count^ `:` type($valid_count) `)`)?
    `` custom<ScalarOrValue>("\"iou_threshold\"", $iou_threshold, $iou_threshold_value, type($iou_threshold_value))
    `` custom<ScalarOrValue>("\"score_threshold\"", $score_threshold, $score_threshold_value, type($score_threshold_value))
    `` custom<ScalarOrValue>("\"max_output\"", $max_output, $max_output_size, type($max_output_size))
    `` custom<Rule>("\"iou_compare\"", $iou_compare, "::mlir::detect::Comparison::gt") `` custom<Rule>("\"score_compare\"", $score_compare, "::mlir::detect::Comparison::gt")
    `` custom<Rule>("\"layout\"", $layout, "::mlir::detect::BoxLayout::xyxy") `` custom<Flag>("\"normalize_corners\"", $normalize_corners)
    `` custom<Rule>("\"degenerate\"", $degenerate, "::mlir::detect::DegenerateRule::ieee")
    (`max_candidates` `(` $max_candidates^ `)`)?
    (`eta` `(` $eta^ `)`)?
    `` custom<Rule>("\"overlap\"", $overlap, "::mlir::detect::SoftNmsOverlap::iou")
    attr-dict `:` type($boxes) `,` type($scores) `->` type($indices) `,` type($count)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}


//===----------------------------------------------------------------------===//
// soft_nms
//===----------------------------------------------------------------------===//

def Detect_SoftNmsOp : Detect_Op<"soft_nms"> {
  let summary = "Soft non-maximum suppression (scores decay with the overlap)";
  let description = [{
    Selects boxes by decreasing current score; instead of only dropping the
    boxes that overlap a selected box, it lowers their scores, as
    TensorFlow's `NonMaxSuppressionV5` (tfjs `nonMaxSuppressionWithScore`)
    and OpenCV's `dnn.softNMSBoxes`. Returns the selected indices and the
    scores they had when they were selected.

    | attribute | meaning | default |
    |---|---|---|
    | `method` | `gaussian` or `linear` (see below) | `gaussian` |
    | `update` | `lazy` (TensorFlow) or `eager` (OpenCV), see below | `lazy` |
    | `sigma` | the Gaussian's parameter, `>= 0` (`lazy`: TensorFlow's `soft_nms_sigma`, 0 = hard NMS; `eager`: OpenCV's `sigma`, `> 0`) | `0` |
    | `iou_threshold` | `lazy`: an IoU passing `iou_compare` drops the box; `eager` + `linear`: an IoU passing it decays the score; unused by `eager` + `gaussian` | required where used |
    | `score_threshold` | a box stays a candidate while its current score passes `score <score_compare> t` | absent: any non-NaN score |
    | `max_output` | at most this many selections; the capacity is `min(max_output, N)` | absent: `N` |
    | `iou_compare`, `score_compare` | `gt` or `ge` | `gt` |
    | `layout`, `normalize_corners`, `degenerate` | as `detect.nms` | `xyxy`, off, `ieee` |
    | `overlap` | `iou`, or OpenCV's `jaccard_distance` | `iou` |
    | `compute_type` | float type of the IoU, the weights and the running scores (`f64`: TensorFlow as tfjs computes, in JavaScript doubles); results are rounded to the element type | the element type |

    `update(lazy)`, TensorFlow: candidates (`score` passes the score test)
    are visited by decreasing current score, equal scores lower index first.
    The best one is compared with the boxes selected since its last visit,
    newest first: an IoU passing the IoU test drops it; otherwise its score
    is multiplied by `w = IoU <= t ? exp((-0.5 / sigma) * IoU * IoU) : 0`
    (`w = 1` for `sigma = 0`), and the scan stops when the score fails the
    score test. If the score is unchanged it is selected; if it still passes
    the score test it goes back among the candidates; otherwise it is
    dropped. `method(linear)` is not TensorFlow's and is rejected here.

    `update(eager)`, OpenCV: the candidate with the best current score
    (equal scores: lower index) is selected while its score passes the
    score test; then every remaining candidate whose score passes is
    rescored: `linear`: `s *= 1 - IoU` when the IoU passes the IoU test;
    `gaussian`: `s *= exp(-(IoU * IoU) / sigma)`.

    NaN: a NaN score is never a candidate. Results: `indices` (`i32` or
    `i64`, unused slots -1), `selected_scores` (element type, unused slots 0)
    and `count`.

    `pad_to_max_output`: TensorFlow's `NonMaxSuppressionV4` padding
    (`pad_to_max_output_size`, tfjs `nonMaxSuppressionPadded`): the capacity
    is `max_output` even beyond `N`, and unused index slots are 0. With
    `sigma(0)` and `compute_type(f64)` this is tfjs's `nonMaxSuppressionPadded`
    (TensorFlow's hard NMS is its soft-NMS with sigma 0).

    Example (tfjs `nonMaxSuppressionWithScore(boxes, scores, 10, 0.5, 0.1, 0.5)`):
    ```mlir
    %keep, %s, %n = detect.soft_nms %boxes, %scores sigma(0.5)
        iou_threshold(0.5) score_threshold(0.1) max_output(10)
        iou_compare(ge) layout(yxyx) normalize_corners degenerate(zero_area)
        compute_type(f64)
        : tensor<100x4xf32>, tensor<100xf32> -> tensor<10xi32>, tensor<10xf32>, i32
    ```
  }];
  let arguments = (ins Detect_FloatTensor:$boxes,
                       Detect_FloatTensor:$scores,
                       DefaultValuedAttr<Detect_SoftNmsMethodAttr, "SoftNmsMethod::gaussian">:$method,
                       DefaultValuedAttr<Detect_SoftNmsUpdateAttr, "SoftNmsUpdate::lazy">:$update,
                       DefaultValuedAttr<F64Attr, "0.0">:$sigma,
                       OptionalAttr<F64Attr>:$iou_threshold,
                       OptionalAttr<F64Attr>:$score_threshold,
                       OptionalAttr<I64Attr>:$max_output,
                       DefaultValuedAttr<Detect_ComparisonAttr, "Comparison::gt">:$iou_compare,
                       DefaultValuedAttr<Detect_ComparisonAttr, "Comparison::gt">:$score_compare,
                       DefaultValuedAttr<Detect_BoxLayoutAttr, "BoxLayout::xyxy">:$layout,
                       UnitAttr:$normalize_corners,
                       DefaultValuedAttr<Detect_DegenerateRuleAttr, "DegenerateRule::ieee">:$degenerate,
                       DefaultValuedAttr<Detect_SoftNmsOverlapAttr, "SoftNmsOverlap::iou">:$overlap,
                       OptionalAttr<TypeAttrOf<AnyFloat>>:$compute_type,
                       UnitAttr:$pad_to_max_output);
  let results = (outs Detect_IndexTensor:$indices,
                      Detect_FloatTensor:$selected_scores,
                      Detect_IndexScalar:$count);
  let assemblyFormat = [{
    $boxes `,` $scores
    `` custom<Rule>("\"method\"", $method, "::mlir::detect::SoftNmsMethod::gaussian")
    `` custom<Rule>("\"update\"", $update, "::mlir::detect::SoftNmsUpdate::lazy")
    `` custom<Rule>("\"sigma\"", $sigma, "0.0")
    (`iou_threshold` `(` $iou_threshold^ `)`)?
    (`score_threshold` `(` $score_threshold^ `)`)?
    (`max_output` `(` $max_output^ `)`)?
    `` custom<Rule>("\"iou_compare\"", $iou_compare, "::mlir::detect::Comparison::gt") `` custom<Rule>("\"score_compare\"", $score_compare, "::mlir::detect::Comparison::gt")
    `` custom<Rule>("\"layout\"", $layout, "::mlir::detect::BoxLayout::xyxy") `` custom<Flag>("\"normalize_corners\"", $normalize_corners)
    `` custom<Rule>("\"degenerate\"", $degenerate, "::mlir::detect::DegenerateRule::ieee")
    `` custom<Rule>("\"overlap\"", $overlap, "::mlir::detect::SoftNmsOverlap::iou")
    (`compute_type` `(` $compute_type^ `)`)?
    (`pad_to_max_output` $pad_to_max_output^)?
    attr-dict `:` type($boxes) `,` type($scores) `->` type($indices) `,` type($selected_scores) `,` type($count)
  }];
  let hasVerifier = 1;
}

// Framework-level ops (torchvision, ONNX, TFLite, TensorFlow).
include "detect/Dialect/Detect/IR/FrameworkOps.td"

// YOLO heads (ultralytics YOLOv8 / YOLO11).
include "detect/Dialect/Detect/IR/YoloOps.td"

#endif // DETECT_DIALECT_DETECT_IR_DETECTOPS_TD
