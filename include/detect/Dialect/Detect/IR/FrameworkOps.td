//===- FrameworkOps.td - framework-level detect ops --------*- tablegen -*-===//
//
// Part of detect-mlir. Included by DetectOps.td, after the core ops.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_IR_FRAMEWORKOPS_TD
#define DETECT_DIALECT_DETECT_IR_FRAMEWORKOPS_TD

//===----------------------------------------------------------------------===//
// Framework-level ops
//
// Each of these states one framework's operation exactly, with that
// framework's operands and results, and is rewritten by `detect-decompose`
// into the core ops above: no framework gets a private kernel.
//===----------------------------------------------------------------------===//

//===----------------------------------------------------------------------===//
// torchvision: batched_nms, remove_small_boxes
//===----------------------------------------------------------------------===//

def Detect_BatchedNmsOp : Detect_Op<"batched_nms", [AttrSizedOperandSegments]> {
  let summary = "torchvision batched_nms: class-aware greedy NMS";
  let description = [{
    torchvision's `batched_nms(boxes, scores, idxs, iou_threshold)`: greedy
    NMS in which a box suppresses only boxes of its own class `idxs[i]`
    (any integer). The rules are torchvision's `nms`: `xyxy` boxes, no corner
    normalisation, suppress when `IoU > t`, plain IEEE IoU.

    | attribute | meaning | default |
    |---|---|---|
    | `iou_threshold` | an `f64` attribute in `[0, 1]`, or a run-time operand of the element type | required |
    | `strategy` | `per_class`: one NMS per distinct class, merged by score (torchvision's `_batched_nms_vanilla`); `coordinate_offset`: one NMS over the boxes shifted by `idxs[i] * (max(boxes) + 1)` (`_batched_nms_coordinate_trick`), with the IoUs of the shifted boxes | `per_class` |

    torchvision's `batched_nms` itself picks `coordinate_offset` up to 1000
    boxes on the CPU (4000 numbers) and `per_class` above. The two agree
    unless the shift changes an IoU by rounding, or boxes of two classes
    still overlap after the shift (negative coordinates or classes).

    Order: decreasing score; equal scores resolve lower index first, within
    a class (as torchvision's `nms`, whose sort is stable on the CPU) and
    across classes (torchvision's final sort by score is not stable: there
    the order of equal scores is unspecified).

    NaN policy, as `detect.nms`: a NaN score is never selected, a NaN IoU
    suppresses nothing. Under `coordinate_offset` a NaN coordinate makes
    the maximum, hence every shifted box, NaN (as torchvision).

    Results: `indices [K]` (`K <= N`) holds the first `K` kept indices,
    unused slots are -1; `count` is their number. With `valid(%n)`, only the
    first `%n` rows are considered (`%n` clamped to `[0, N]`), also for the
    maximum coordinate.

    Decomposes into `detect.nms`: `coordinate_offset` shifts the boxes and
    runs one NMS; `per_class` runs one NMS per distinct class (classes by
    increasing value, the other classes' scores masked as NaN) and merges
    each class's kept boxes into the result by score.

    Example:
    ```mlir
    %keep, %count = detect.batched_nms %boxes, %scores, %classes
        iou_threshold(0.5) strategy(coordinate_offset)
        : tensor<100x4xf32>, tensor<100xf32>, tensor<100xi64> -> tensor<100xi64>, i64
    ```
  }];
  let arguments = (ins Detect_FloatTensor:$boxes,
                       Detect_FloatTensor:$scores,
                       Detect_IndexTensor:$idxs,
                       Optional<Detect_Count>:$valid_count,
                       Optional<Detect_Float>:$iou_threshold_value,
                       OptionalAttr<F64Attr>:$iou_threshold,
                       DefaultValuedAttr<Detect_BatchedNmsStrategyAttr,
                                         "BatchedNmsStrategy::per_class">:$strategy);
  let results = (outs Detect_IndexTensor:$indices, Detect_IndexScalar:$count);
  let assemblyFormat = [{
    $boxes `,` $scores `,` $idxs (`valid` `(` $valid_count^ `:` type($valid_count) `)`)?
    `` custom<ScalarOrValue>("\"iou_threshold\"", $iou_threshold, $iou_threshold_value, type($iou_threshold_value))
    `` custom<Rule>("\"strategy\"", $strategy, "::mlir::detect::BatchedNmsStrategy::per_class")
    attr-dict `:` type($boxes) `,` type($scores) `,` type($idxs) `->` type($indices) `,` type($count)
  }];
  let hasVerifier = 1;
}

def Detect_RemoveSmallBoxesOp : Detect_Op<"remove_small_boxes",
                                          [AttrSizedOperandSegments]> {
  let summary = "torchvision remove_small_boxes: indices of the boxes of a minimum size";
  let description = [{
    torchvision's `remove_small_boxes(boxes, min_size)`: the indices of the
    `xyxy` boxes with `x2 - x1 >= min_size` and `y2 - y1 >= min_size`, in
    increasing order. The sides are computed in the element type and
    compared with `min_size` rounded to the element type, as torch compares
    a `float` tensor with a Python number (`min_size(0.7)` keeps a side of
    `0.699999988` in `f32`). A NaN side fails the test. Corners are not
    normalised: a flipped box has a negative side.

    `min_size` is an `f64` attribute or a run-time operand of the element
    type.

    Results, in static shapes: `indices [K]` (`K <= N`) holds the first `K`
    kept indices in increasing order, unused slots are -1; `count` is their
    number (the length of torchvision's result, capped at `K`). With
    `valid(%n)`, only the first `%n` rows are considered. Use the indices to
    gather boxes and scores, or as `valid(%count)` after a gather.

    Decomposes into a loop that compacts the indices (no core op needed).

    Example:
    ```mlir
    %keep, %count = detect.remove_small_boxes %boxes min_size(1.0e-3)
        : tensor<100x4xf32> -> tensor<100xi64>, i64
    ```
  }];
  let arguments = (ins Detect_FloatTensor:$boxes,
                       Optional<Detect_Count>:$valid_count,
                       Optional<Detect_Float>:$min_size_value,
                       OptionalAttr<F64Attr>:$min_size);
  let results = (outs Detect_IndexTensor:$indices, Detect_IndexScalar:$count);
  let assemblyFormat = [{
    $boxes (`valid` `(` $valid_count^ `:` type($valid_count) `)`)?
    `` custom<ScalarOrValue>("\"min_size\"", $min_size, $min_size_value, type($min_size_value))
    attr-dict `:` type($boxes) `->` type($indices) `,` type($count)
  }];
  let hasVerifier = 1;
}

def Detect_MulticlassNmsOp : Detect_Op<"multiclass_nms", [AttrSizedOperandSegments]> {
  let summary = "ONNX NonMaxSuppression (opset 10 and 11)";
  let description = [{
    ONNX `NonMaxSuppression`: for every batch `b` and class `c`, greedy NMS
    of the boxes `boxes[b] [N, 4]` under the scores `scores[b, c] [N]`; the
    kept boxes are listed as rows `(b, c, box)`, batch by batch, class by
    class, each class's boxes by decreasing score (equal scores: lower index
    first). This is ONNX Runtime's order.

    | ONNX | detect | default |
    |---|---|---|
    | `boxes [B, N, 4]`, `scores [B, C, N]` | operands | |
    | `max_output_boxes_per_class` | `max_output_boxes_per_class`: an `i64` attribute or a run-time operand (negative: 0, as ONNX Runtime) | absent: 0, no output (ONNX's default) |
    | `iou_threshold` | `iou_threshold`: an `f64` attribute in `[0, 1]` or a run-time operand of the element type | absent: 0 |
    | `score_threshold` | `score_threshold`: attribute or operand; boxes with `score > t` are candidates | absent: all boxes |
    | `center_point_box = 0` | `layout(yxyx)`: `[y1, x1, y2, x2]`, any diagonal (corners are normalised) | `yxyx` |
    | `center_point_box = 1` | `layout(cxcywh)`: `[xc, yc, w, h]` (sizes used as given) | |

    The IoU test is `IoU > t`; a pair whose union is not positive never
    suppresses (ONNX Runtime's guards). A NaN score is never selected
    (ONNX does not define it).

    Results: `selected [K, 3]` holds the rows, unused rows are `-1` in all
    three columns; `count` is the number of rows. The capacity `K` is
    `B * C * min(max_output_boxes_per_class, N)` when the limit is an
    attribute. With a run-time limit, `K` is chosen by the user, at most
    `B * C * N`; the result is then the first `K` rows of ONNX's result
    (`B * C * N` never drops a row).

    Decomposes into one `detect.nms` per (batch, class) inside `scf.for`
    loops.

    Example (center_point_box = 1, ONNX inputs at run time):
    ```mlir
    %sel, %n = detect.multiclass_nms %boxes, %scores
        max_output_boxes_per_class(%m : i64) iou_threshold(%iou : f32)
        score_threshold(%st : f32) layout(cxcywh)
        : tensor<1x100x4xf32>, tensor<1x3x100xf32> -> tensor<300x3xi64>, i64
    ```
  }];
  let arguments = (ins Detect_FloatTensor:$boxes,
                       Detect_FloatTensor:$scores,
                       Optional<Detect_Count>:$valid_count,
                       Optional<Detect_Count>:$max_output_value,
                       Optional<Detect_Float>:$iou_threshold_value,
                       Optional<Detect_Float>:$score_threshold_value,
                       OptionalAttr<I64Attr>:$max_output_boxes_per_class,
                       OptionalAttr<F64Attr>:$iou_threshold,
                       OptionalAttr<F64Attr>:$score_threshold,
                       DefaultValuedAttr<Detect_BoxLayoutAttr, "BoxLayout::yxyx">:$layout);
  let results = (outs Detect_IndexTensor:$selected, Detect_IndexScalar:$count);
  let assemblyFormat = [{
    $boxes `,` $scores (`valid` `(` $valid_count^ `:` type($valid_count) `)`)?
    `` custom<ScalarOrValue>("\"max_output_boxes_per_class\"", $max_output_boxes_per_class, $max_output_value, type($max_output_value))
    `` custom<ScalarOrValue>("\"iou_threshold\"", $iou_threshold, $iou_threshold_value, type($iou_threshold_value))
    `` custom<ScalarOrValue>("\"score_threshold\"", $score_threshold, $score_threshold_value, type($score_threshold_value))
    `` custom<Rule>("\"layout\"", $layout, "::mlir::detect::BoxLayout::yxyx")
    attr-dict `:` type($boxes) `,` type($scores) `->` type($selected) `,` type($count)
  }];
  let hasVerifier = 1;
}

def Detect_DetectionPostprocessOp : Detect_Op<"detection_postprocess"> {
  let summary = "TFLite_Detection_PostProcess (SSD anchors decoding + NMS)";
  let description = [{
    TFLite's custom operator `TFLite_Detection_PostProcess` as TFLite Micro's
    kernel defines it (`micro/kernels/detection_postprocess.cc`):

    1. Decodes `box_encodings [1, N, 4+]` = `(ty, tx, th, tw, ...)` against
       `anchors [N, 4]` = `(yc, xc, h, w)` with the four scales (only the
       first four columns are read), into `[ymin, xmin, ymax, xmax]`. As
       TFLite, centres and half sizes are computed in double precision and
       rounded to `f32` (absent `decode_type`, or `decode_type(f64)`); `decode_type(f32)`
       computes in `f32`, faster on cores without a double-precision unit
       and within a few ulps of TFLite's boxes.
    2. `class_predictions [1, N, C']` holds `num_classes` class columns,
       after one background column when `C' = num_classes + 1` (TFLite's
       label offset). Class indices in the results exclude the background.
    3. Fast path (default): each anchor's `max_classes_per_detection` best
       classes (by score, equal scores by lower class); greedy NMS over the
       anchors by their best score keeps at most `max_detections` anchors;
       each kept anchor gives `min(max_classes_per_detection, num_classes)`
       result rows, in anchor order then class order.
       Regular path (`use_regular_nms`): greedy NMS per class (at most
       `detections_per_class` each); the `max_detections` highest scores
       over all classes are the results, by decreasing score, equal scores
       by lower class, then by the per-class NMS order.
    4. NMS rules: a box is a candidate when `score >= nms_score_threshold`;
       it is suppressed when `IoU > nms_iou_threshold`; a pair with a box of
       area `<= 0` has IoU 0; equal scores resolve by lower anchor index.

    Results, as TFLite: `detection_boxes [1, M, 4]`, `detection_classes
    [1, M]` (class index as a float), `detection_scores [1, M]` and
    `num_detections [1]` (a float), with `M = max_detections *
    max_classes_per_detection`; rows past `num_detections` are 0.

    Where TFLite Micro fails the op or is undefined, detect is defined: a
    decoded box with `ymin >= ymax` or `xmin >= xmax` (TFLite Micro returns
    an error) takes part with the area rule above; a NaN score is never the
    best class of an anchor and never selected; an anchor whose class
    scores are all NaN has best score `-inf` and class 0.

    Quantized inputs, as TFLite's kernel reads them: `box_encodings` and
    `class_predictions` may be `i8` tensors of raw bytes with
    `box_quantization(T, scale, zero_point)` /
    `class_quantization(T, scale, zero_point)`, where `T` says how to read a
    byte (`ui8`: TFLite's uint8, `si8`: int8); each value is dequantized
    inside the op as `(float(q) - float(zero_point)) * scale` in `f32`
    (TFLite's `Dequantize`), so an int8 detector needs no separate
    Dequantize op. Float inputs take no quantization.

    Decomposes into `detect.decode_boxes`, a `linalg` reduction for the best
    classes per anchor, and `detect.nms` (one, or one per class in an
    `scf.for` for the regular path); quantized inputs first become `f32`
    through one elementwise `linalg.generic` each.

    Example (SSD MobileNet v1 on COCO):
    ```mlir
    %boxes, %classes, %scores, %num = detect.detection_postprocess %enc, %cls, %anchors
        num_classes(90) max_detections(10) score_threshold(9.99999993E-9)
        iou_threshold(6.000000e-01) scales(10.0, 10.0, 5.0, 5.0)
        : tensor<1x1917x4xf32>, tensor<1x1917x91xf32>, tensor<1917x4xf32>
        -> tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F16, BF16, F32, F64, I8]>:$box_encodings,
                       RankedTensorOf<[F16, BF16, F32, F64, I8]>:$class_predictions,
                       Detect_FloatTensor:$anchors,
                       I64Attr:$num_classes,
                       I64Attr:$max_detections,
                       DefaultValuedAttr<I64Attr, "1">:$max_classes_per_detection,
                       DefaultValuedAttr<I64Attr, "100">:$detections_per_class,
                       F32Attr:$score_threshold,
                       F32Attr:$iou_threshold,
                       F32Attr:$y_scale,
                       F32Attr:$x_scale,
                       F32Attr:$h_scale,
                       F32Attr:$w_scale,
                       UnitAttr:$use_regular_nms,
                       OptionalAttr<TypeAttrOf<AnyFloat>>:$decode_type,
                       OptionalAttr<TypeAttrOf<AnyInteger>>:$box_quantization,
                       OptionalAttr<F32Attr>:$box_scale,
                       OptionalAttr<I64Attr>:$box_zero_point,
                       OptionalAttr<TypeAttrOf<AnyInteger>>:$class_quantization,
                       OptionalAttr<F32Attr>:$class_scale,
                       OptionalAttr<I64Attr>:$class_zero_point);
  let results = (outs Detect_FloatTensor:$detection_boxes,
                      Detect_FloatTensor:$detection_classes,
                      Detect_FloatTensor:$detection_scores,
                      Detect_FloatTensor:$num_detections);
  let assemblyFormat = [{
    $box_encodings `,` $class_predictions `,` $anchors
    `num_classes` `(` $num_classes `)` `max_detections` `(` $max_detections `)`
    (`max_classes_per_detection` `(` $max_classes_per_detection^ `)`)?
    (`detections_per_class` `(` $detections_per_class^ `)`)?
    `score_threshold` `(` $score_threshold `)` `iou_threshold` `(` $iou_threshold `)`
    `scales` `(` $y_scale `,` $x_scale `,` $h_scale `,` $w_scale `)`
    (`use_regular_nms` $use_regular_nms^)?
    (`decode_type` `(` $decode_type^ `)`)?
    (`box_quantization` `(` $box_quantization^ `,` $box_scale `,` $box_zero_point `)`)?
    (`class_quantization` `(` $class_quantization^ `,` $class_scale `,` $class_zero_point `)`)?
    attr-dict `:` type($box_encodings) `,` type($class_predictions) `,` type($anchors)
    `->` type($detection_boxes) `,` type($detection_classes) `,` type($detection_scores) `,` type($num_detections)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// combined_nms
//===----------------------------------------------------------------------===//

def Detect_CombinedNmsOp : Detect_Op<"combined_nms"> {
  let summary = "TensorFlow CombinedNonMaxSuppression (Keras-CV MultiClassNonMaxSuppression)";
  let description = [{
    TensorFlow's `CombinedNonMaxSuppression` (`tf.image.combined_non_max_suppression`,
    which Keras-CV's `MultiClassNonMaxSuppression` calls): for every batch
    `b` and class `c`, greedy NMS of the boxes `boxes[b, :, q, :]` (`q` is 0
    when the boxes are shared by all classes, else `c`) under the scores
    `scores[b, :, c]`, keeping at most `max_output_size_per_class` boxes; then
    the `M` best of all classes' selections by decreasing score.

    | TensorFlow | detect | default |
    |---|---|---|
    | `boxes [B, N, q, 4]` (`q` = 1 or C), `[y1, x1, y2, x2]`, any diagonal | operand | |
    | `scores [B, N, C]` | operand | |
    | `max_output_size_per_class`, `max_total_size` (> 0) | attributes | required |
    | `iou_threshold` (in `[0, 1]`) | attribute; a box is suppressed when its IoU with a kept box passes `iou_compare` | required |
    | `score_threshold` | attribute; candidates have `score > t` | absent: every non-NaN score (TensorFlow's default `-inf` is `score_threshold(-inf)`) |
    | `pad_per_class` | unit attribute: `M = min(max_total_size, max_output_size_per_class * C)` | `M = max_total_size` |
    | `clip_boxes` | unit attribute: result coordinates clamped to `[0, 1]` | not clipped (TensorFlow's default is to clip: its importer sets it) |
    | | `iou_compare` | `gt` (TensorFlow's kernel) |
    | | `compute_type(f64)`: each class's NMS computes its IoU in `f64` (as tfjs, in JavaScript doubles) | the element type |

    IoU: corners normalised per axis, 0 when either area is `<= 0`.
    Order: each class's selections by decreasing score, equal scores lower
    box index first; across classes by decreasing score, equal scores lower
    class first, then the class's selection order (TensorFlow's `std::sort`
    and `std::priority_queue` leave ties unspecified). A NaN score is never
    selected.

    Results, as TensorFlow: `nmsed_boxes [B, M, 4]` (the selected boxes'
    own coordinates, clipped with `clip_boxes`), `nmsed_scores [B, M]`,
    `nmsed_classes [B, M]` (the class index as a float) and
    `valid_detections [B]` (`i32`); rows past `valid_detections` are 0.

    Decomposes into one `detect.nms` per (batch, class) (with
    `compute_type(f64)`: one `detect.soft_nms` with `sigma(0)`, which is
    hard NMS, computing in `f64`) and a merge of the classes' selections.

    Example (Keras-CV `MultiClassNonMaxSuppression(max_detections=100,
    max_detections_per_class=100, iou_threshold=0.5, confidence_threshold=0.05)`):
    ```mlir
    %b, %s, %c, %v = detect.combined_nms %boxes, %scores
        max_output_size_per_class(100) max_total_size(100) iou_threshold(0.5)
        score_threshold(0.05)
        : tensor<1x1000x1x4xf32>, tensor<1x1000x80xf32>
        -> tensor<1x100x4xf32>, tensor<1x100xf32>, tensor<1x100xf32>, tensor<1xi32>
    ```
  }];
  let arguments = (ins Detect_FloatTensor:$boxes,
                       Detect_FloatTensor:$scores,
                       I64Attr:$max_output_size_per_class,
                       I64Attr:$max_total_size,
                       F64Attr:$iou_threshold,
                       OptionalAttr<F64Attr>:$score_threshold,
                       UnitAttr:$pad_per_class,
                       UnitAttr:$clip_boxes,
                       DefaultValuedAttr<Detect_ComparisonAttr, "Comparison::gt">:$iou_compare,
                       OptionalAttr<TypeAttrOf<AnyFloat>>:$compute_type);
  let results = (outs Detect_FloatTensor:$nmsed_boxes,
                      Detect_FloatTensor:$nmsed_scores,
                      Detect_FloatTensor:$nmsed_classes,
                      RankedTensorOf<[I32]>:$valid_detections);
  let assemblyFormat = [{
    $boxes `,` $scores
    `max_output_size_per_class` `(` $max_output_size_per_class `)`
    `max_total_size` `(` $max_total_size `)`
    `iou_threshold` `(` $iou_threshold `)`
    (`score_threshold` `(` $score_threshold^ `)`)?
    (`pad_per_class` $pad_per_class^)?
    (`clip_boxes` $clip_boxes^)?
    `` custom<Rule>("\"iou_compare\"", $iou_compare, "::mlir::detect::Comparison::gt")
    (`compute_type` `(` $compute_type^ `)`)?
    attr-dict `:` type($boxes) `,` type($scores)
    `->` type($nmsed_boxes) `,` type($nmsed_scores) `,` type($nmsed_classes) `,` type($valid_detections)
  }];
  let hasVerifier = 1;
}

#endif // DETECT_DIALECT_DETECT_IR_FRAMEWORKOPS_TD
