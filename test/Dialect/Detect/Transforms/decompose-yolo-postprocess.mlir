// detect-decompose on detect.yolo_postprocess: one scan over the anchors
// that compares stored bytes with the threshold moved into their domain
// (nothing is dequantized before a byte passes), a candidate list, and
// detect.nms over the candidates' boxes shifted by class * 7680.
// RUN: detect-opt %s --split-input-file --detect-decompose | FileCheck %s

// 0.25 with scale 1/255 and zero point -128: the least passing byte is -64
// ((-64 + 128) / 255 = 0.25098 > 0.25; -65 gives 0.24706), t = 64 as an
// unsigned byte. 32 anchors: blocks of 16, one 32-bit word of four bytes per
// class row and word; per byte (x & 0x7f) + (128 - t) | ~x (the top bit of
// ~x is that of the signed byte read as unsigned): a top bit set where the
// byte is >= t. Passing blocks are tested again word by word, and only the
// anchors whose byte passed are visited.
// CHECK-LABEL: func.func @int8
// CHECK-DAG: %[[Q0:.+]] = arith.constant -64 : i32
// CHECK-DAG: %[[TOP:.+]] = arith.constant -2139062144 : i32
// CHECK-DAG: %[[LOW7:.+]] = arith.constant 2139062143 : i32
// CHECK-DAG: %[[BIAS:.+]] = arith.constant 1077952576 : i32
// CHECK-DAG: %[[NOT:.+]] = arith.constant -1 : i32
// CHECK-DAG: %[[OFFSET:.+]] = arith.constant 7.680000e+03 : f32
// CHECK-DAG: %[[BLOCK:.+]] = arith.constant 16 : index
// CHECK-DAG: %[[LOWEST:.+]] = arith.constant -2147483648 : i32
// CHECK: scf.for %{{.+}} = %{{.+}} to %{{.+}} step %[[BLOCK]]
// CHECK: %[[LOW:.+]] = arith.andi %[[WORD:.+]], %[[LOW7]] : i32
// CHECK-NEXT: %[[SUM:.+]] = arith.addi %[[LOW]], %[[BIAS]] : i32
// CHECK-NEXT: %[[FLIPPED:.+]] = arith.xori %[[WORD]], %[[NOT]] : i32
// CHECK-NEXT: arith.ori %[[SUM]], %[[FLIPPED]] : i32
// CHECK: %[[FLAGS:.+]] = arith.andi %{{.+}}, %[[TOP]] : i32
// CHECK: arith.cmpi ne, %[[FLAGS]]
// CHECK: scf.if
// CHECK: %[[BEST:.+]] = scf.for %[[R:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}} = %[[LOWEST]])
// CHECK-NEXT: tensor.extract %{{.+}}[%{{.+}}, %[[R]], %{{.+}}] : tensor<1x7x32xi8>
// CHECK-NEXT: arith.extsi
// CHECK-NEXT: arith.maxsi
// CHECK-NOT: arith.sitofp
// CHECK: arith.cmpi sge, %[[BEST]], %[[Q0]] : i32
// CHECK: scf.if
// CHECK: arith.sitofp %[[BEST]] : i32 to f32
// CHECK: arith.mulf %{{.+}}, %[[OFFSET]] : f32
// CHECK: detect.nms %{{.+}}, %{{.+}} valid(%{{.+}} : index) iou_threshold(4.500000e-01) max_output(5) : tensor<32x4xf32>, tensor<32xf32> -> tensor<5xi32>, i32
func.func @int8(%p: tensor<1x7x32xi8>) -> (tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(5)
      quantization(si8, 0.00392156886, -128)
      : tensor<1x7x32xi8> -> tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
  return %b, %s, %c, %n : tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
}

// -----

// 30 anchors (not a multiple of 4): anchor by anchor, bytes compared as i32.
// CHECK-LABEL: func.func @int8_per_anchor
// CHECK-DAG: %[[Q0:.+]] = arith.constant -64 : i32
// CHECK: scf.for %[[A:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(
// CHECK: %[[BEST:.+]] = scf.for %[[R:.+]] = %{{.+}} to %{{.+}} step
// CHECK-NEXT: tensor.extract %{{.+}}[%{{.+}}, %[[R]], %[[A]]] : tensor<1x7x30xi8>
// CHECK-NEXT: arith.extsi
// CHECK-NEXT: arith.maxsi
// CHECK-NOT: arith.sitofp
// CHECK: arith.cmpi sge, %[[BEST]], %[[Q0]] : i32
func.func @int8_per_anchor(%p: tensor<1x7x30xi8>) -> (tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(5)
      quantization(si8, 0.00392156886, -128)
      : tensor<1x7x30xi8> -> tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
  return %b, %s, %c, %n : tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
}

// -----

// A threshold no byte passes: no candidate, without a comparison.
// CHECK-LABEL: func.func @unreachable
// CHECK: %[[FALSE:.+]] = arith.constant false
// CHECK: scf.if %[[FALSE]]
func.func @unreachable(%p: tensor<1x7x32xi8>) -> (tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(2.0) iou_threshold(0.45) max_det(5)
      quantization(si8, 0.00392156886, -128)
      : tensor<1x7x32xi8> -> tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
  return %b, %s, %c, %n : tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
}

// -----

// per_class: one detect.nms per class over the candidates, the other
// classes' scores NaN; at most max_per_class each.
// CHECK-LABEL: func.func @per_class
// CHECK: arith.constant 0x7FC00000 : f32
// CHECK: scf.for
// CHECK: detect.nms %{{.+}}, %{{.+}} valid(%{{.+}} : index) iou_threshold(5.000000e-01) max_output(2) : tensor<32x4xf32>, tensor<32xf32> -> tensor<2xi32>, i32
func.func @per_class(%p: tensor<1x7x32xf32>) -> (tensor<6x4xf32>, tensor<6xf32>, tensor<6xi32>, i32) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.5) max_det(6)
      class_nms(per_class) max_per_class(2) score_compare(ge) output_layout(cxcywh)
      : tensor<1x7x32xf32> -> tensor<6x4xf32>, tensor<6xf32>, tensor<6xi32>, i32
  return %b, %s, %c, %n : tensor<6x4xf32>, tensor<6xf32>, tensor<6xi32>, i32
}

// -----

// f32 scores, threshold 0.25 (bits 0x3E800000 = 1048576000) with `gt`: four
// anchors at a time, acc |= bits(t) - bits(score) per anchor; a negative
// accumulator (some score's bits above the threshold's) marks the anchor.
// CHECK-LABEL: func.func @float_bits
// CHECK-DAG: %[[T:.+]] = arith.constant 1048576000 : i32
// CHECK: scf.for %{{.+}} = %{{.+}} to %{{.+}} step %c4
// CHECK: %[[BITS:.+]] = arith.bitcast %{{.+}} : f32 to i32
// CHECK-NEXT: %[[DIFF:.+]] = arith.subi %[[T]], %[[BITS]] : i32
// CHECK-NEXT: arith.ori %{{.+}}, %[[DIFF]] : i32
// CHECK: arith.cmpf ogt
func.func @float_bits(%p: tensor<1x7x32xf32>) -> (tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(5)
      : tensor<1x7x32xf32> -> tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
  return %b, %s, %c, %n : tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
}

// -----

// YOLOv5: the objectness byte (value 4 of the anchor's row) is compared in
// the stored domain; only then are the class bytes dequantized and
// multiplied by the dequantized objectness, and the best product compared
// with the threshold in f32.
// CHECK-LABEL: func.func @yolov5
// CHECK-DAG: %[[Q0:.+]] = arith.constant -64 : i32
// CHECK-DAG: %[[THRESHOLD:.+]] = arith.constant 2.500000e-01 : f32
// CHECK: scf.for %[[A:.+]] = %{{.+}} to %{{.+}} step
// CHECK: %[[OBJ:.+]] = tensor.extract %{{.+}}[%{{.+}}, %[[A]], %c4] : tensor<1x8x9xi8>
// CHECK-NEXT: %[[WIDE:.+]] = arith.extsi %[[OBJ]] : i8 to i32
// CHECK-NEXT: %[[IS:.+]] = arith.cmpi sge, %[[WIDE]], %[[Q0]] : i32
// CHECK-NEXT: scf.if %[[IS]]
// CHECK: arith.sitofp %[[WIDE]]
// CHECK: scf.for
// CHECK: arith.mulf
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf ogt, %{{.+}}, %[[THRESHOLD]] : f32
func.func @yolov5(%p: tensor<1x8x9xi8>) -> (tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64) {
  %b, %s, %c, %n = detect.yolo_postprocess %p head(yolov5) score_threshold(0.25) iou_threshold(0.45) max_det(5)
      quantization(si8, 0.00392156886, -128)
      : tensor<1x8x9xi8> -> tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
  return %b, %s, %c, %n : tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
}
