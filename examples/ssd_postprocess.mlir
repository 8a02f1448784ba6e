// SSD-style post-processing: decode 1917 anchor boxes as TFLite does, then
// keep at most 10 boxes by greedy NMS with TFLite Micro's rules (inclusive
// score test, IoU = 0 for degenerate boxes, y-first boxes).
func.func @ssd_postprocess(%encodings: tensor<1917x4xf32>, %anchors: tensor<1917x4xf32>,
                           %scores: tensor<1917xf32>) -> (tensor<10xi32>, i32) {
  %boxes = detect.decode_boxes %encodings, %anchors scales(10.0, 10.0, 5.0, 5.0) layout(yxyx)
      : tensor<1917x4xf32>, tensor<1917x4xf32> -> tensor<1917x4xf32>
  %iou = arith.constant 0.6 : f32
  %keep, %count = detect.nms %boxes, %scores iou_threshold(%iou : f32) score_threshold(0.5)
      max_output(10) score_compare(ge) layout(yxyx) degenerate(zero_area)
      : tensor<1917x4xf32>, tensor<1917xf32> -> tensor<10xi32>, i32
  return %keep, %count : tensor<10xi32>, i32
}
