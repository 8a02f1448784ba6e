//===- Passes.td - detect conversion passes -----------------*- tablegen -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_CONVERSION_PASSES_TD
#define DETECT_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDetectToLinalg : Pass<"convert-detect-to-linalg"> {
  let summary = "Lower the data-parallel detect ops to linalg.generic";
  let description = [{
    Rewrites `detect.box_convert`, `detect.box_area`, `detect.clip_boxes`,
    `detect.iou` and `detect.decode_boxes` into `linalg.generic` ops on
    tensors, so that upstream fusion, tiling, vectorisation and the affine
    loop optimisations apply to them instead of a hand-written kernel.

    Box ops that produce boxes iterate over `(row, coordinate)` of the
    `[N, 4]` result and read the four coordinates of their row through four
    indexing maps; the coordinate is selected by `linalg.index 1`, so that
    after the loops are unrolled (the coordinate loop has 4 iterations)
    canonicalization leaves only the arithmetic of each coordinate.
    `detect.iou` computes both area vectors once and then the `[N, M]`
    pairwise matrix. A `valid` count becomes a mask on `linalg.index`: rows
    past the count are 0. A `detect.decode_boxes` whose result is only read
    element by element (`tensor.extract`, as after NMS decoded its boxes on
    read) is decoded at each read instead: no table.

    The arithmetic is built by `BoxMath` (Conversion/Utils), the same code
    the NMS lowering uses, and performs the IEEE operations of torchvision
    in the same order.

    `detect.iou` has lowering strategies (`detect/Conversion/Strategies.h`):
    `float`, the reference above, and `fixed-point`, for cores without an
    FPU: `kind(iou)` of two boxes whose corners are integers in
    [-1024, 1024] in i32 arithmetic and one float division, bit-identical to
    `float` (every intermediate is an integer that f32 holds exactly); other
    pairs, other kinds and ops with valid counts take the `float` formula.
    An op's `detect.strategy = "<name>"` attribute selects its strategy,
    `iou-strategy` the default.
  }];
  let options = [
    Option<"iouStrategy", "iou-strategy", "std::string", /*default=*/"\"float\"",
           "lowering strategy of detect.iou ops without a detect.strategy "
           "attribute: float or fixed-point (or one a plugin registered)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ConvertDetectNmsToLoops : Pass<"convert-detect-nms-to-loops"> {
  let summary = "Lower detect.nms to scf loops over memrefs";
  let description = [{
    Lowers greedy NMS to `scf` loops over memrefs:

    1. A compaction of the boxes that pass the score test (a NaN score never
       passes).
    2. With at least 64 kept slots (1024 with 32-bit counters), a uniform
       grid over the candidates: cells twice their mean size, at most one
       per 4 kept slots, and for each cell a bucket with room for its
       candidates (counted once).
    3. A binary max-heap of the candidates ordered by (score descending,
       index ascending), built in O(n) and popped lazily, so that only the
       candidates visited before the output limit is reached are ordered.
    4. The greedy selection: each candidate is compared with the kept boxes
       that can suppress it, stopping at the first overlap; kept indices are
       written in order, unused slots hold -1.

    Pruning is exact: when the IoU test is `IoU > t` with t >= 0 (or
    `IoU >= t` with t > 0; a run-time threshold is tested at run time), only
    intersecting boxes can suppress each other, so an empty box (or one with
    a NaN corner) is kept without comparisons, and a kept box goes into the
    bucket of the cell of its (x1, y1) corner, or, if it spans more than R
    cells, into a bucket every candidate visits. The cell map is monotone,
    so a candidate finds every kept box that can reach it in the cells
    [cell(x1) - R, cell(x2)] x [cell(y1) - R, cell(y2)]. Otherwise every
    kept box is compared. On 64-bit targets the buckets hold the kept
    boxes' corners and are scanned without branches (they vectorize); with
    32-bit counters they hold box numbers and an IoU is computed only for
    boxes that intersect. Corners and areas are recomputed from the input
    with the same operations instead of being tabulated.

    Boxes produced by `detect.decode_boxes` (without a valid count) are
    decoded when read, from its encodings and anchors, with the same
    operations as its own lowering; the kept boxes' corners are then stored
    when they are kept (K x 4 elements) and compared from there. With a grid
    of box-number buckets (32-bit counters) the decoded table is read
    instead. Run this pass before `convert-detect-to-linalg`, which decodes
    the remaining element reads in place and builds no table.

    The result is identical to the plain greedy definition (visit all boxes
    by decreasing score, keep a box unless its IoU with a kept box passes
    the test). The inputs are read through `bufferization.to_buffer`; the
    scratch space (candidate heap, grid; element types as narrow as the
    static sizes allow) is `memref.alloc` of static size, which the
    pipelines place on the stack, in a static buffer or in a caller-provided
    workspace (`detect-plan-scratch`).

    `detect.nms` has lowering strategies (`detect/Conversion/Strategies.h`):
    `float`, the reference above, and `fixed-point`, for cores without an
    FPU. It is the same lowering with an integer fast path: each box is
    checked once, when it is popped, for corners that are integers in
    [-1024, 1024], and a kept box's integer corners are stored when it is
    kept (K x 4 x i16 more scratch). Two such boxes are compared in i32;
    with a compile-time threshold the IoU test is an integer comparison
    against the threshold's rounding boundary (`inter > (m * union) >> s`),
    with a run-time or adaptive one the f32 division of the two integers.
    Every other pair takes the float formula, so the decisions are those
    of `float` for every input. The heap orders the f32 scores by an
    integer key. Boxes decoded on read are compared in float only (their
    coordinates are integers by coincidence); boxes of other element types
    and OpenCV's overlap take `float`. An op's `detect.strategy = "<name>"` attribute
    selects its strategy, `nms-strategy` the default.
  }];
  let options = [
    Option<"indexBitwidth", "index-bitwidth", "unsigned", /*default=*/"64",
           "bit width of the loop counters; 64 also selects the branch-free "
           "corner buckets of application processors, 32 the compact "
           "buckets of microcontrollers">,
    Option<"nmsStrategy", "nms-strategy", "std::string", /*default=*/"\"float\"",
           "lowering strategy of detect.nms ops without a detect.strategy "
           "attribute: float or fixed-point (or one a plugin registered)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ConvertDetectSoftNmsToLoops : Pass<"convert-detect-soft-nms-to-loops"> {
  let summary = "Lower detect.soft_nms to scf loops over memrefs";
  let description = [{
    Lowers soft-NMS to `scf` loops over memrefs, one loop structure per
    update order, each performing its framework's operations in its order
    (so that the running scores are rounded as the framework rounds them):

    - `update(lazy)` (TensorFlow `NonMaxSuppressionV5`): a binary max-heap
      of the candidates by (current score descending, index ascending),
      built in O(n). The top candidate is rescored against the selections
      made since its last visit, newest first; it is selected if its score
      is unchanged, sifted down with its new score if that still passes the
      score test, removed otherwise.
    - `update(eager)` (OpenCV `softNMSBoxes`): each round selects the best
      candidate by a linear scan, then rescores every other candidate and
      compacts away those whose score fails the score test (they could
      only fall further).

    Scratch: the candidates' box numbers (as narrow an integer as the size
    allows), running scores in the compute type and, for `lazy`, the first
    selection each has not been compared with; `memref.alloc` of static
    size, placed by `detect-plan-scratch` as for `detect.nms`.
  }];
  let options = [
    Option<"indexBitwidth", "index-bitwidth", "unsigned", /*default=*/"64",
           "bit width of the loop counters">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ConvertOnnxToDetect
    : Pass<"convert-onnx-to-detect", "::mlir::func::FuncOp"> {
  let summary = "Lower ONNX graphs (onnx.node) to detect, linalg, tensor and scf ops";
  let description = [{
    Converts a function of `onnx.node` ops, as `detect-import-onnx` reads an
    ONNX file (the function carries the model's opset as `onnx.opset`), into
    ops with static shapes: NonMaxSuppression becomes
    `detect.multiclass_nms`, the rest `linalg`/`tensor`/`arith`/`math`/`scf`
    (the mapping: docs/Import.md). Functions without `onnx.opset` are left
    alone.

    The nodes are converted one at a time in the graph's order, each by the
    handler of its op type (lib/Conversion/OnnxToDetect, one file per op
    family), because what a node becomes depends on what is known of its
    inputs: their shapes, contents known at conversion time (shape
    arithmetic is folded), and for data-dependent values a static capacity
    with a run-time length (`onnx.bounded`). The function's results are the
    graph outputs, then one `i64` per output with a run-time length.

    Finally, ops that no output needs are erased, and constants with more
    than `resource-threshold` elements become `dense_resource` blobs.

    Errors name the node (`node 'name' (OpType): ...`, `#index` when the
    node has no name) and the pass fails; nothing is half converted.
  }];
  let options = [
    Option<"resourceThreshold", "resource-threshold", "int64_t",
           /*default=*/"256",
           "constants with more elements become dense_resource blobs">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::detect::DetectDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // DETECT_CONVERSION_PASSES_TD
