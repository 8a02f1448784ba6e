//===- YoloOps.td - YOLO detection heads --------------------*- tablegen -*-===//
//
// Part of detect-mlir. Included by DetectOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_IR_YOLOOPS_TD
#define DETECT_DIALECT_DETECT_IR_YOLOOPS_TD

def Detect_ClassNms : I32EnumAttr<"ClassNms",
    "how NMS treats boxes of different classes", [
      I32EnumAttrCase<"agnostic", 0>,
      I32EnumAttrCase<"offset", 1>,
      I32EnumAttrCase<"per_class", 2>
    ]> {
  let cppNamespace = "::mlir::detect";
  let genSpecializedAttr = 0;
  let description = [{
    - `agnostic`: one NMS over all boxes; any box suppresses any other
      (ultralytics `agnostic=True`).
    - `offset`: one NMS over boxes shifted by `class * class_offset`
      (ultralytics' default, `max_wh = 7680`): classes rarely interact, and
      the IoUs are those of the shifted boxes, rounding included.
    - `per_class`: one NMS per class (STMicroelectronics' `od_yolov8_pp`);
      classes never interact.
  }];
}

def Detect_ClassNmsAttr : EnumAttr<Detect_Dialect, Detect_ClassNms, "class_nms">;

def Detect_YoloHead : I32EnumAttr<"YoloHead",
    "the layout and score rule of a YOLO head's output", [
      I32EnumAttrCase<"yolov8", 0>,
      I32EnumAttrCase<"yolov5", 1>
    ]> {
  let cppNamespace = "::mlir::detect";
  let genSpecializedAttr = 0;
  let description = [{
    - `yolov8`: `[1, 4 + C, N]`, channels first; rows `cx, cy, w, h`, then the
      class scores; an anchor's score is its best class score (YOLOv8,
      YOLO11).
    - `yolov5`: `[1, N, 5 + C]`, channels last; `cx, cy, w, h`, the
      objectness, then the class probabilities; an anchor is considered
      only when its objectness passes the threshold, and its score is its
      best `class * objectness` (YOLOv5).
  }];
}

def Detect_YoloHeadAttr : EnumAttr<Detect_Dialect, Detect_YoloHead, "yolo_head">;

def Detect_YoloPostprocessOp : Detect_Op<"yolo_postprocess", [AttrSizedOperandSegments]> {
  let summary = "YOLOv8 / YOLO11 / YOLOv5 head post-processing (scores, boxes, NMS)";
  let description = [{
    The post-processing of an ultralytics YOLOv8 / YOLO11 detection head
    `predictions [1, 4 + C, N]` (channels first: row `r`, anchor `a`), whose
    rows 0..3 are the boxes `cx, cy, w, h` and rows `4..4+C` the class
    scores after the sigmoid (no objectness), as ultralytics'
    `non_max_suppression` reads it:

    1. Each anchor's score is its best class score, its class the first
       class with that score; the anchor is a candidate when
       `score <score_compare> score_threshold`, the threshold rounded to
       `f32` first (torch compares a `float` tensor with a Python number in
       `float`).
    2. A candidate's box is `cx, cy, w, h`, multiplied by `(w, h, w, h)` of
       `image_size(h, w)` when given (TFLite exports normalise the boxes;
       ultralytics' AutoBackend scales them back), then converted to corners
       `[cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]`, all in `f32`.
    3. Greedy NMS (torchvision's `nms`: suppress when `IoU > iou_threshold`,
       plain IEEE IoU, candidates by decreasing score, equal scores by lower
       anchor) with the classes treated as `class_nms` says:

    | attribute | meaning | default |
    |---|---|---|
    | `head` | `yolov8` (above) or `yolov5`: `[1, N, 5 + C]`, channels last, with an objectness after the box; as ultralytics' YOLOv5 `non_max_suppression`, an anchor is considered when `objectness <score_compare> score_threshold`, its class scores become `class * objectness` (in `f32`), and its score is the best product | `yolov8` |
    | `score_threshold`, `iou_threshold` | as above | required |
    | `max_det` | at most this many detections; the results have `max_det` rows | required |
    | `class_nms` | `agnostic`, `offset` (boxes shifted by `class * class_offset` in `f32`, as ultralytics) or `per_class` | `offset` |
    | `class_offset` | ultralytics' `max_wh` | `7680` |
    | `max_per_class` | `per_class` only: each class keeps at most this many | absent: no limit |
    | `score_compare` | `gt` (ultralytics: `conf > conf_thres`) or `ge` (STMicroelectronics) | `gt` |
    | `max_candidates` | only the best `k` candidates (by score, equal scores lower anchor) take part in NMS: ultralytics' `max_nms`. It is the capacity of the candidate list, hence the scratch | `N` |
    | `image_size(h, w)` | the boxes are normalised; multiply them by the image size | absent |
    | `output_layout` | `xyxy` (ultralytics' corners) or `cxcywh` (the candidate's box as read, STMicroelectronics) | `xyxy` |
    | `letterbox(H, W) original_size(%h0, %w0)` | the result boxes mapped from the letterboxed `H x W` network input back to the original `h0 x w0` image (run-time `i32` operands, positive), as ultralytics' `scale_boxes`: `gain = min(H / h0, W / w0)` and `pad = round((W - w0 * gain) / 2 - 0.1)` (and the same for y) in `f64` with Python's round-half-to-even; each coordinate `(v - pad) / f32(gain)` in `f32`, then clamped to `[0, w0]` / `[0, h0]`. NMS sees the boxes before the mapping, as in ultralytics; `xyxy` only | absent |
    | `quantization(T, scale, zero_point)` | `i8` predictions read as `T` (`si8` or `ui8`) with one scale and zero point for the whole tensor | float input |

    Quantized input: a value is `(float(q) - float(zero_point)) * scale` in
    `f32` (TFLite's Dequantize, and ultralytics' AutoBackend on an int8
    TFLite export), so the results are those of the float op on the
    dequantized tensor. Nothing is dequantized before it is needed: the
    threshold becomes the least byte whose dequantized value passes (the
    dequantization is increasing), the scan compares bytes, and only the
    candidates' best score and box are dequantized.

    Results: `boxes [max_det, 4]` (`f32`, without the class offset),
    `scores [max_det]` (`f32`), `classes [max_det]` (`i32` or `i64`) and
    `count`; rows past `count` are 0 (classes -1). Order: decreasing score,
    equal scores lower anchor first; `per_class`: class by class (increasing
    class), each class by decreasing score.

    NaN: a NaN class score is never an anchor's best (torch's `amax` would
    make the anchor's score NaN, which fails the threshold: no candidate).

    Decomposes into an `scf.for` scan over the anchors that keeps the
    candidates (anchor, class, score) in a list of `max_candidates` entries,
    the candidates' boxes, and one `detect.nms` (`agnostic`, `offset`) or
    one per class in an `scf.for` (`per_class`).

    Example (ultralytics `non_max_suppression(pred, 0.25, 0.45, max_det=300)`
    on an int8 TFLite export of YOLOv8n at 640):
    ```mlir
    %b, %s, %c, %n = detect.yolo_postprocess %pred score_threshold(0.25)
        iou_threshold(0.45) max_det(300) image_size(640.0, 640.0)
        quantization(si8, 0.00392156886, -128)
        : tensor<1x84x8400xi8> -> tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
    ```
  }];
  let arguments = (ins RankedTensorOf<[F32, I8]>:$predictions,
                       Optional<I32>:$original_height,
                       Optional<I32>:$original_width,
                       DefaultValuedAttr<Detect_YoloHeadAttr, "YoloHead::yolov8">:$head,
                       F64Attr:$score_threshold,
                       F64Attr:$iou_threshold,
                       I64Attr:$max_det,
                       DefaultValuedAttr<Detect_ClassNmsAttr, "ClassNms::offset">:$class_nms,
                       DefaultValuedAttr<F64Attr, "7680.0">:$class_offset,
                       OptionalAttr<I64Attr>:$max_per_class,
                       DefaultValuedAttr<Detect_ComparisonAttr, "Comparison::gt">:$score_compare,
                       OptionalAttr<I64Attr>:$max_candidates,
                       OptionalAttr<F32Attr>:$image_height,
                       OptionalAttr<F32Attr>:$image_width,
                       DefaultValuedAttr<Detect_BoxLayoutAttr, "BoxLayout::xyxy">:$output_layout,
                       OptionalAttr<I64Attr>:$letterbox_height,
                       OptionalAttr<I64Attr>:$letterbox_width,
                       OptionalAttr<TypeAttrOf<AnyInteger>>:$quantization,
                       OptionalAttr<F32Attr>:$scale,
                       OptionalAttr<I64Attr>:$zero_point);
  let results = (outs RankedTensorOf<[F32]>:$boxes,
                      RankedTensorOf<[F32]>:$scores,
                      Detect_IndexTensor:$classes,
                      Detect_IndexScalar:$count);
  let assemblyFormat = [{
    $predictions
    `` custom<Rule>("\"head\"", $head, "::mlir::detect::YoloHead::yolov8")
    `score_threshold` `(` $score_threshold `)` `iou_threshold` `(` $iou_threshold `)`
    `max_det` `(` $max_det `)`
    `` custom<Rule>("\"class_nms\"", $class_nms, "::mlir::detect::ClassNms::offset")
    `` custom<Rule>("\"class_offset\"", $class_offset, "7680.0")
    (`max_per_class` `(` $max_per_class^ `)`)?
    `` custom<Rule>("\"score_compare\"", $score_compare, "::mlir::detect::Comparison::gt")
    (`max_candidates` `(` $max_candidates^ `)`)?
    (`image_size` `(` $image_height^ `,` $image_width `)`)?
    `` custom<Rule>("\"output_layout\"", $output_layout, "::mlir::detect::BoxLayout::xyxy")
    (`letterbox` `(` $letterbox_height^ `,` $letterbox_width `)`
     `original_size` `(` $original_height `,` $original_width `)`)?
    (`quantization` `(` $quantization^ `,` $scale `,` $zero_point `)`)?
    attr-dict `:` type($predictions) `->` type($boxes) `,` type($scores) `,` type($classes) `,` type($count)
  }];
  let hasVerifier = 1;
}

#endif // DETECT_DIALECT_DETECT_IR_YOLOOPS_TD
