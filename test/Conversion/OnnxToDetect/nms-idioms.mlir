// torchvision's post-processing idioms (NmsIdioms.cpp, ThresholdTopK.cpp):
// converted as wholes when the graph is exactly the pattern, literally
// otherwise. Results against ONNX Runtime: test/Integration/torchvision_detectors.test.
// RUN: detect-opt %s --split-input-file --convert-onnx-to-detect | FileCheck %s

// batched_nms's coordinate trick behind `if boxes.numel() == 0`: one
// detect.batched_nms whose capacity is the prefix the Slices read.

// CHECK-LABEL: func.func @batched_nms(
// CHECK-SAME: -> (tensor<5xi64>, i64)
// CHECK-NOT: detect.multiclass_nms
// CHECK: detect.batched_nms %{{.+}}, %{{.+}}, %{{.+}} iou_threshold(5.000000e-01) strategy(coordinate_offset) : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<5xi64>, i64
// CHECK-NOT: detect.multiclass_nms
// CHECK: return {{.*}} : tensor<5xi64>, i64
func.func @batched_nms(%c: tensor<1xi1>, %boxes: tensor<8x4xf32>, %scores: tensor<8xf32>, %labels: tensor<8xi64>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %keep = onnx.node "If"(%c) : (tensor<1xi1>) -> !onnx.value subgraphs {
    %e = onnx.node "Constant"() {value = dense<> : tensor<0xi64>} : () -> !onnx.value
    onnx.yield %e : !onnx.value
  }, {
    %max = onnx.node "ReduceMax"(%boxes) {keepdims = 0 : i64} : (tensor<8x4xf32>) -> !onnx.value
    %one = onnx.node "Constant"() {value = dense<1.0> : tensor<f32>} : () -> !onnx.value
    %step = onnx.node "Add"(%max, %one) : (!onnx.value, !onnx.value) -> !onnx.value
    %cls = onnx.node "Cast"(%labels) {to = 1 : i64} : (tensor<8xi64>) -> !onnx.value
    %off = onnx.node "Mul"(%cls, %step) : (!onnx.value, !onnx.value) -> !onnx.value
    %ax1 = onnx.node "Constant"() {value = dense<1> : tensor<1xi64>} : () -> !onnx.value
    %offr = onnx.node "Unsqueeze"(%off, %ax1) : (!onnx.value, !onnx.value) -> !onnx.value
    %shifted = onnx.node "Add"(%boxes, %offr) : (tensor<8x4xf32>, !onnx.value) -> !onnx.value
    %ax0 = onnx.node "Constant"() {value = dense<0> : tensor<1xi64>} : () -> !onnx.value
    %bb = onnx.node "Unsqueeze"(%shifted, %ax0) : (!onnx.value, !onnx.value) -> !onnx.value
    %s1 = onnx.node "Unsqueeze"(%scores, %ax0) : (tensor<8xf32>, !onnx.value) -> !onnx.value
    %s2 = onnx.node "Unsqueeze"(%s1, %ax0) : (!onnx.value, !onnx.value) -> !onnx.value
    %lim = onnx.node "Constant"() {value = dense<9223372036854775807> : tensor<1xi64>} : () -> !onnx.value
    %iou = onnx.node "Constant"() {value = dense<0.5> : tensor<1xf32>} : () -> !onnx.value
    %sel = onnx.node "NonMaxSuppression"(%bb, %s2, %lim, %iou) : (!onnx.value, !onnx.value, !onnx.value, !onnx.value) -> !onnx.value
    %two = onnx.node "Constant"() {value = dense<2> : tensor<1xi64>} : () -> !onnx.value
    %col = onnx.node "Gather"(%sel, %two) {axis = 1 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
    %k = onnx.node "Squeeze"(%col, %ax1) : (!onnx.value, !onnx.value) -> !onnx.value
    onnx.yield %k : !onnx.value
  } attributes {subgraph_names = ["then_branch", "else_branch"]}
  %start = onnx.node "Constant"() {value = dense<0> : tensor<1xi64>} : () -> !onnx.value
  %end = onnx.node "Constant"() {value = dense<5> : tensor<1xi64>} : () -> !onnx.value
  %r = onnx.node "Slice"(%keep, %start, %end) : (!onnx.value, !onnx.value, !onnx.value) -> !onnx.value
  return %r : !onnx.value
}

// -----

// A near miss: an offset of max + 2 is not torchvision's; the literal If,
// with ONNX's NonMaxSuppression.

// CHECK-LABEL: func.func @offset_two(
// CHECK-NOT: detect.batched_nms
// CHECK: detect.multiclass_nms
// CHECK-NOT: detect.batched_nms
func.func @offset_two(%c: tensor<1xi1>, %boxes: tensor<8x4xf32>, %scores: tensor<8xf32>, %labels: tensor<8xi64>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %keep = onnx.node "If"(%c) : (tensor<1xi1>) -> !onnx.value subgraphs {
    %e = onnx.node "Constant"() {value = dense<> : tensor<0xi64>} : () -> !onnx.value
    onnx.yield %e : !onnx.value
  }, {
    %max = onnx.node "ReduceMax"(%boxes) {keepdims = 0 : i64} : (tensor<8x4xf32>) -> !onnx.value
    %one = onnx.node "Constant"() {value = dense<2.0> : tensor<f32>} : () -> !onnx.value
    %step = onnx.node "Add"(%max, %one) : (!onnx.value, !onnx.value) -> !onnx.value
    %cls = onnx.node "Cast"(%labels) {to = 1 : i64} : (tensor<8xi64>) -> !onnx.value
    %off = onnx.node "Mul"(%cls, %step) : (!onnx.value, !onnx.value) -> !onnx.value
    %ax1 = onnx.node "Constant"() {value = dense<1> : tensor<1xi64>} : () -> !onnx.value
    %offr = onnx.node "Unsqueeze"(%off, %ax1) : (!onnx.value, !onnx.value) -> !onnx.value
    %shifted = onnx.node "Add"(%boxes, %offr) : (tensor<8x4xf32>, !onnx.value) -> !onnx.value
    %ax0 = onnx.node "Constant"() {value = dense<0> : tensor<1xi64>} : () -> !onnx.value
    %bb = onnx.node "Unsqueeze"(%shifted, %ax0) : (!onnx.value, !onnx.value) -> !onnx.value
    %s1 = onnx.node "Unsqueeze"(%scores, %ax0) : (tensor<8xf32>, !onnx.value) -> !onnx.value
    %s2 = onnx.node "Unsqueeze"(%s1, %ax0) : (!onnx.value, !onnx.value) -> !onnx.value
    %lim = onnx.node "Constant"() {value = dense<9223372036854775807> : tensor<1xi64>} : () -> !onnx.value
    %iou = onnx.node "Constant"() {value = dense<0.5> : tensor<1xf32>} : () -> !onnx.value
    %sel = onnx.node "NonMaxSuppression"(%bb, %s2, %lim, %iou) : (!onnx.value, !onnx.value, !onnx.value, !onnx.value) -> !onnx.value
    %two = onnx.node "Constant"() {value = dense<2> : tensor<1xi64>} : () -> !onnx.value
    %col = onnx.node "Gather"(%sel, %two) {axis = 1 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
    %k = onnx.node "Squeeze"(%col, %ax1) : (!onnx.value, !onnx.value) -> !onnx.value
    onnx.yield %k : !onnx.value
  } attributes {subgraph_names = ["then_branch", "else_branch"]}
  return %keep : !onnx.value
}

// -----

// A thresholded top-k: `x[x > t]`, its top 4 and the boxes of the same
// selection at the kept indices: one heap scan, no NonZero list.

// CHECK-LABEL: func.func @threshold_topk(
// CHECK-SAME: -> (tensor<4xf32>, tensor<4x4xf32>, i64, i64)
// CHECK-NOT: tensor<1x16xi64>
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: tensor<1x16xi64>
// CHECK: return {{.*}} : tensor<4xf32>, tensor<4x4xf32>, i64, i64
func.func @threshold_topk(%x: tensor<16xf32>, %boxes: tensor<16x4xf32>) -> (!onnx.value, !onnx.value) attributes {onnx.opset = 13 : i64} {
  %t = arith.constant dense<0.25> : tensor<f32>
  %gt = onnx.node "Greater"(%x, %t) : (tensor<16xf32>, tensor<f32>) -> !onnx.value
  %nz = onnx.node "NonZero"(%gt) : (!onnx.value) -> !onnx.value
  %tr = onnx.node "Transpose"(%nz) {perm = array<i64: 1, 0>} : (!onnx.value) -> !onnx.value
  %sel = onnx.node "GatherND"(%x, %tr) : (tensor<16xf32>, !onnx.value) -> !onnx.value
  %k = onnx.node "Constant"() {value = dense<4> : tensor<1xi64>} : () -> !onnx.value
  %top:2 = onnx.node "TopK"(%sel, %k) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> (!onnx.value, !onnx.value)
  %nz2 = onnx.node "NonZero"(%gt) : (!onnx.value) -> !onnx.value
  %tr2 = onnx.node "Transpose"(%nz2) {perm = array<i64: 1, 0>} : (!onnx.value) -> !onnx.value
  %rows = onnx.node "GatherND"(%boxes, %tr2) : (tensor<16x4xf32>, !onnx.value) -> !onnx.value
  %kept = onnx.node "Gather"(%rows, %top#1) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
  return %top#0, %kept : !onnx.value, !onnx.value
}

// -----

// A near miss: the selection is also a graph output, so it is computed
// (NonZero's list) and the TopK is ONNX's.

// CHECK-LABEL: func.func @selection_exposed(
// CHECK: tensor<1x16xi64>
func.func @selection_exposed(%x: tensor<16xf32>) -> (!onnx.value, !onnx.value) attributes {onnx.opset = 13 : i64} {
  %t = arith.constant dense<0.25> : tensor<f32>
  %gt = onnx.node "Greater"(%x, %t) : (tensor<16xf32>, tensor<f32>) -> !onnx.value
  %nz = onnx.node "NonZero"(%gt) : (!onnx.value) -> !onnx.value
  %tr = onnx.node "Transpose"(%nz) {perm = array<i64: 1, 0>} : (!onnx.value) -> !onnx.value
  %sel = onnx.node "GatherND"(%x, %tr) : (tensor<16xf32>, !onnx.value) -> !onnx.value
  %k = onnx.node "Constant"() {value = dense<4> : tensor<1xi64>} : () -> !onnx.value
  %top:2 = onnx.node "TopK"(%sel, %k) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> (!onnx.value, !onnx.value)
  return %top#0, %sel : !onnx.value, !onnx.value
}

// -----

// SSD's per-class candidates (ClassCandidates.cpp): for classes 1 and 3 of
// the score table, `x = S[:, c]`, the top min(3, len) of `x > t_c`, the kept
// boxes and `full_like(scores, label)`, joined by three Concats: one loop
// over a table of the classes (columns, thresholds, labels) that writes
// each class's kept rows after the previous class's.

// CHECK-LABEL: func.func @class_candidates(
// CHECK-SAME: -> (tensor<6x4xf32>, tensor<6xf32>, tensor<6xi64>, i64, i64, i64)
// CHECK-NOT: tensor<1x16xi64>
// CHECK-DAG: arith.constant dense<[1, 3]> : tensor<2xi64>
// CHECK-DAG: arith.constant dense<[7, 9]> : tensor<2xi64>
// CHECK-DAG: arith.constant dense<[2.500000e-01, 5.000000e-01]> : tensor<2xf32>
// CHECK: scf.for
// CHECK-NOT: tensor<1x16xi64>
// CHECK: return {{.*}} : tensor<6x4xf32>, tensor<6xf32>, tensor<6xi64>, i64, i64, i64
func.func @class_candidates(%s: tensor<16x4xf32>, %boxes: tensor<16x4xf32>) -> (!onnx.value, !onnx.value, !onnx.value) attributes {onnx.opset = 11 : i64} {
  %k = arith.constant dense<3> : tensor<1xi64>
  %zero = arith.constant dense<0> : tensor<i64>
  %one = arith.constant dense<1> : tensor<1xi64>
  %c0_col = arith.constant dense<1> : tensor<i64>
  %c0_t = arith.constant dense<0.25> : tensor<f32>
  %c0_x = onnx.node "Gather"(%s, %c0_col) {axis = 1 : i64} : (tensor<16x4xf32>, tensor<i64>) -> !onnx.value
  %c0_m = onnx.node "Greater"(%c0_x, %c0_t) : (!onnx.value, tensor<f32>) -> !onnx.value
  %c0_nz = onnx.node "NonZero"(%c0_m) : (!onnx.value) -> !onnx.value
  %c0_tr = onnx.node "Transpose"(%c0_nz) {perm = array<i64: 1, 0>} : (!onnx.value) -> !onnx.value
  %c0_sel = onnx.node "GatherND"(%c0_x, %c0_tr) : (!onnx.value, !onnx.value) -> !onnx.value
  %c0_shape = onnx.node "Shape"(%c0_sel) : (!onnx.value) -> !onnx.value
  %c0_len = onnx.node "Gather"(%c0_shape, %zero) {axis = 0 : i64} : (!onnx.value, tensor<i64>) -> !onnx.value
  %c0_len1 = onnx.node "Unsqueeze"(%c0_len) {axes = array<i64: 0>} : (!onnx.value) -> !onnx.value
  %c0_pair = onnx.node "Concat"(%k, %c0_len1) {axis = 0 : i64} : (tensor<1xi64>, !onnx.value) -> !onnx.value
  %c0_min = onnx.node "ReduceMin"(%c0_pair) {keepdims = 0 : i64} : (!onnx.value) -> !onnx.value
  %c0_kk = onnx.node "Reshape"(%c0_min, %one) : (!onnx.value, tensor<1xi64>) -> !onnx.value
  %c0_top:2 = onnx.node "TopK"(%c0_sel, %c0_kk) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> (!onnx.value, !onnx.value)
  %c0_nz2 = onnx.node "NonZero"(%c0_m) : (!onnx.value) -> !onnx.value
  %c0_tr2 = onnx.node "Transpose"(%c0_nz2) {perm = array<i64: 1, 0>} : (!onnx.value) -> !onnx.value
  %c0_rows = onnx.node "GatherND"(%boxes, %c0_tr2) : (tensor<16x4xf32>, !onnx.value) -> !onnx.value
  %c0_kept = onnx.node "Gather"(%c0_rows, %c0_top#1) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
  %c0_tshape = onnx.node "Shape"(%c0_top#0) : (!onnx.value) -> !onnx.value
  %c0_label = onnx.node "ConstantOfShape"(%c0_tshape) {value = dense<7> : tensor<1xi64>} : (!onnx.value) -> !onnx.value
  %c1_col = arith.constant dense<3> : tensor<i64>
  %c1_t = arith.constant dense<0.5> : tensor<f32>
  %c1_x = onnx.node "Gather"(%s, %c1_col) {axis = 1 : i64} : (tensor<16x4xf32>, tensor<i64>) -> !onnx.value
  %c1_m = onnx.node "Greater"(%c1_x, %c1_t) : (!onnx.value, tensor<f32>) -> !onnx.value
  %c1_nz = onnx.node "NonZero"(%c1_m) : (!onnx.value) -> !onnx.value
  %c1_tr = onnx.node "Transpose"(%c1_nz) {perm = array<i64: 1, 0>} : (!onnx.value) -> !onnx.value
  %c1_sel = onnx.node "GatherND"(%c1_x, %c1_tr) : (!onnx.value, !onnx.value) -> !onnx.value
  %c1_shape = onnx.node "Shape"(%c1_sel) : (!onnx.value) -> !onnx.value
  %c1_len = onnx.node "Gather"(%c1_shape, %zero) {axis = 0 : i64} : (!onnx.value, tensor<i64>) -> !onnx.value
  %c1_len1 = onnx.node "Unsqueeze"(%c1_len) {axes = array<i64: 0>} : (!onnx.value) -> !onnx.value
  %c1_pair = onnx.node "Concat"(%k, %c1_len1) {axis = 0 : i64} : (tensor<1xi64>, !onnx.value) -> !onnx.value
  %c1_min = onnx.node "ReduceMin"(%c1_pair) {keepdims = 0 : i64} : (!onnx.value) -> !onnx.value
  %c1_kk = onnx.node "Reshape"(%c1_min, %one) : (!onnx.value, tensor<1xi64>) -> !onnx.value
  %c1_top:2 = onnx.node "TopK"(%c1_sel, %c1_kk) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> (!onnx.value, !onnx.value)
  %c1_nz2 = onnx.node "NonZero"(%c1_m) : (!onnx.value) -> !onnx.value
  %c1_tr2 = onnx.node "Transpose"(%c1_nz2) {perm = array<i64: 1, 0>} : (!onnx.value) -> !onnx.value
  %c1_rows = onnx.node "GatherND"(%boxes, %c1_tr2) : (tensor<16x4xf32>, !onnx.value) -> !onnx.value
  %c1_kept = onnx.node "Gather"(%c1_rows, %c1_top#1) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
  %c1_tshape = onnx.node "Shape"(%c1_top#0) : (!onnx.value) -> !onnx.value
  %c1_label = onnx.node "ConstantOfShape"(%c1_tshape) {value = dense<9> : tensor<1xi64>} : (!onnx.value) -> !onnx.value
  %bcat = onnx.node "Concat"(%c0_kept, %c1_kept) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
  %scat = onnx.node "Concat"(%c0_top#0, %c1_top#0) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
  %lcat = onnx.node "Concat"(%c0_label, %c1_label) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
  return %bcat, %scat, %lcat : !onnx.value, !onnx.value, !onnx.value
}

// -----

// A near miss: class 1's selected scores are also a graph output. Its
// selection is computed (NonZero's list) and the classes are converted one
// by one (class 3 still as a thresholded top-k).

// CHECK-LABEL: func.func @class_candidates_exposed(
// CHECK-NOT: dense<[7, 9]>
// CHECK-COUNT-2: tensor.empty() : tensor<1x16xi64>
// CHECK-NOT: tensor.empty() : tensor<1x16xi64>
// CHECK-NOT: dense<[7, 9]>
// CHECK: return
func.func @class_candidates_exposed(%s: tensor<16x4xf32>, %boxes: tensor<16x4xf32>) -> (!onnx.value, !onnx.value, !onnx.value, !onnx.value) attributes {onnx.opset = 11 : i64} {
  %k = arith.constant dense<3> : tensor<1xi64>
  %zero = arith.constant dense<0> : tensor<i64>
  %one = arith.constant dense<1> : tensor<1xi64>
  %c0_col = arith.constant dense<1> : tensor<i64>
  %c0_t = arith.constant dense<0.25> : tensor<f32>
  %c0_x = onnx.node "Gather"(%s, %c0_col) {axis = 1 : i64} : (tensor<16x4xf32>, tensor<i64>) -> !onnx.value
  %c0_m = onnx.node "Greater"(%c0_x, %c0_t) : (!onnx.value, tensor<f32>) -> !onnx.value
  %c0_nz = onnx.node "NonZero"(%c0_m) : (!onnx.value) -> !onnx.value
  %c0_tr = onnx.node "Transpose"(%c0_nz) {perm = array<i64: 1, 0>} : (!onnx.value) -> !onnx.value
  %c0_sel = onnx.node "GatherND"(%c0_x, %c0_tr) : (!onnx.value, !onnx.value) -> !onnx.value
  %c0_shape = onnx.node "Shape"(%c0_sel) : (!onnx.value) -> !onnx.value
  %c0_len = onnx.node "Gather"(%c0_shape, %zero) {axis = 0 : i64} : (!onnx.value, tensor<i64>) -> !onnx.value
  %c0_len1 = onnx.node "Unsqueeze"(%c0_len) {axes = array<i64: 0>} : (!onnx.value) -> !onnx.value
  %c0_pair = onnx.node "Concat"(%k, %c0_len1) {axis = 0 : i64} : (tensor<1xi64>, !onnx.value) -> !onnx.value
  %c0_min = onnx.node "ReduceMin"(%c0_pair) {keepdims = 0 : i64} : (!onnx.value) -> !onnx.value
  %c0_kk = onnx.node "Reshape"(%c0_min, %one) : (!onnx.value, tensor<1xi64>) -> !onnx.value
  %c0_top:2 = onnx.node "TopK"(%c0_sel, %c0_kk) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> (!onnx.value, !onnx.value)
  %c0_nz2 = onnx.node "NonZero"(%c0_m) : (!onnx.value) -> !onnx.value
  %c0_tr2 = onnx.node "Transpose"(%c0_nz2) {perm = array<i64: 1, 0>} : (!onnx.value) -> !onnx.value
  %c0_rows = onnx.node "GatherND"(%boxes, %c0_tr2) : (tensor<16x4xf32>, !onnx.value) -> !onnx.value
  %c0_kept = onnx.node "Gather"(%c0_rows, %c0_top#1) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
  %c0_tshape = onnx.node "Shape"(%c0_top#0) : (!onnx.value) -> !onnx.value
  %c0_label = onnx.node "ConstantOfShape"(%c0_tshape) {value = dense<7> : tensor<1xi64>} : (!onnx.value) -> !onnx.value
  %c1_col = arith.constant dense<3> : tensor<i64>
  %c1_t = arith.constant dense<0.5> : tensor<f32>
  %c1_x = onnx.node "Gather"(%s, %c1_col) {axis = 1 : i64} : (tensor<16x4xf32>, tensor<i64>) -> !onnx.value
  %c1_m = onnx.node "Greater"(%c1_x, %c1_t) : (!onnx.value, tensor<f32>) -> !onnx.value
  %c1_nz = onnx.node "NonZero"(%c1_m) : (!onnx.value) -> !onnx.value
  %c1_tr = onnx.node "Transpose"(%c1_nz) {perm = array<i64: 1, 0>} : (!onnx.value) -> !onnx.value
  %c1_sel = onnx.node "GatherND"(%c1_x, %c1_tr) : (!onnx.value, !onnx.value) -> !onnx.value
  %c1_shape = onnx.node "Shape"(%c1_sel) : (!onnx.value) -> !onnx.value
  %c1_len = onnx.node "Gather"(%c1_shape, %zero) {axis = 0 : i64} : (!onnx.value, tensor<i64>) -> !onnx.value
  %c1_len1 = onnx.node "Unsqueeze"(%c1_len) {axes = array<i64: 0>} : (!onnx.value) -> !onnx.value
  %c1_pair = onnx.node "Concat"(%k, %c1_len1) {axis = 0 : i64} : (tensor<1xi64>, !onnx.value) -> !onnx.value
  %c1_min = onnx.node "ReduceMin"(%c1_pair) {keepdims = 0 : i64} : (!onnx.value) -> !onnx.value
  %c1_kk = onnx.node "Reshape"(%c1_min, %one) : (!onnx.value, tensor<1xi64>) -> !onnx.value
  %c1_top:2 = onnx.node "TopK"(%c1_sel, %c1_kk) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> (!onnx.value, !onnx.value)
  %c1_nz2 = onnx.node "NonZero"(%c1_m) : (!onnx.value) -> !onnx.value
  %c1_tr2 = onnx.node "Transpose"(%c1_nz2) {perm = array<i64: 1, 0>} : (!onnx.value) -> !onnx.value
  %c1_rows = onnx.node "GatherND"(%boxes, %c1_tr2) : (tensor<16x4xf32>, !onnx.value) -> !onnx.value
  %c1_kept = onnx.node "Gather"(%c1_rows, %c1_top#1) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
  %c1_tshape = onnx.node "Shape"(%c1_top#0) : (!onnx.value) -> !onnx.value
  %c1_label = onnx.node "ConstantOfShape"(%c1_tshape) {value = dense<9> : tensor<1xi64>} : (!onnx.value) -> !onnx.value
  %bcat = onnx.node "Concat"(%c0_kept, %c1_kept) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
  %scat = onnx.node "Concat"(%c0_top#0, %c1_top#0) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
  %lcat = onnx.node "Concat"(%c0_label, %c1_label) {axis = 0 : i64} : (!onnx.value, !onnx.value) -> !onnx.value
  return %bcat, %scat, %lcat, %c0_sel : !onnx.value, !onnx.value, !onnx.value, !onnx.value
}
