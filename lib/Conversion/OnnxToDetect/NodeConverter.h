//===- NodeConverter.h - ONNX nodes to detect + upstream ops -*- C++ -*-===//
//
// Part of detect-mlir. Internal to lib/Conversion/OnnxToDetect: the value
// model (`Tensor`: static shape, constant contents known at conversion
// time, run-time length of a data-dependent axis, element bounds) and the
// `NodeConverter` that lowers `onnx.node` ops one at a time, in order. Its
// handlers are defined by op family in the files beside this one:
//
//   NodeConverter.cpp  handler table, attributes, operands, shared builders
//   OnnxToDetect.cpp   the pass: functions, node order, results, clean-up
//   Elementwise.cpp    arithmetic, comparisons, unary math, Cast, Clip, Where
//   Shape.cpp          Shape, Reshape, Concat, Split, Expand, Pad, ...
//   Indexing.cpp       Slice, Gather, GatherND
//   BoundedShape.cpp   Reshape and Concat of values with a run-time length
//   Reduction.cpp      Reduce*, Softmax
//   DataDependent.cpp  TopK, NonZero, NonMaxSuppression: run-time lengths
//   ControlFlow.cpp    If
//   NmsIdioms.cpp      torchvision's batched_nms, thresholded top-k and
//                      per-class candidates, recognised and converted as
//                      wholes (ThresholdTopK.cpp, ClassCandidates.cpp)
//   Nn.cpp             MatMul, Gemm, Conv, pooling, BatchNormalization, Resize
//
// Between two nodes, everything the conversion knows of a value is IR: its
// type, `arith.constant` for contents known at conversion time, and
// `onnx.bounded` for a run-time length and element bounds.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_CONVERSION_ONNXTODETECT_NODECONVERTER_H
#define DETECT_LIB_CONVERSION_ONNXTODETECT_NODECONVERTER_H

#include "detect/Dialect/Onnx/IR/OnnxDialect.h"

#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "detect/Dialect/Detect/IR/DetectOps.h"
#include "detect/Import/Common/TensorBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include "llvm/ADT/DenseSet.h"

#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <optional>

namespace mlir::detect::onnx_to_detect {

using namespace mlir;
using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::StringRef;
using llvm::Twine;

struct IdiomState;
struct RoiAlignAttrs;

/// The largest tensor the conversion builds (elements). Keeps shape arithmetic
/// far from int64 overflow and refuses what no microcontroller could hold.
constexpr int64_t kMaxElements = int64_t(1) << 31;
/// Constants computed at import time (shape arithmetic) up to this size.
constexpr int64_t kMaxFoldElements = 1 << 16;

/// One ONNX value: a tensor of static shape, possibly with its contents known
/// at import time, and possibly a run-time length along one axis (the static
/// size of that axis is then an upper bound; rows past the length are
/// padding whose contents are unspecified).
struct Tensor {
  Value value;
  DenseElementsAttr constant;
  int64_t lengthAxis = -1;
  Value length; // index
  /// For a small integer tensor computed at run time from shapes (the Shape
  /// of a value with a run-time length, and the arithmetic exporters write
  /// on it): an upper bound of each element, all elements being >= 0, and
  /// whether the element is known exactly (then it equals its bound). A
  /// value whose size is computed from it (ConstantOfShape, TopK's k) gets
  /// the bound as its static capacity.
  SmallVector<int64_t> bounds;
  SmallVector<bool> exact;

  RankedTensorType type() const {
    return cast<RankedTensorType>(value.getType());
  }
  ArrayRef<int64_t> shape() const { return type().getShape(); }
  Type elem() const { return type().getElementType(); }
  int64_t rank() const { return type().getRank(); }
};

inline int64_t product(ArrayRef<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims)
    p *= d;
  return p;
}

using import_common::shapeStr;
using BodyFn = import_common::TensorBuilder::BodyFn;

/// The builders (`elementwise`, `indexed`, `reduce`, `reshape`) come from
/// the TensorBuilder that the TFLite importer shares.
class NodeConverter : private import_common::TensorBuilder {
public:
  NodeConverter(func::FuncOp func, int64_t opset)
      : TensorBuilder(*func.getContext()), ctx(*func.getContext()), func(func),
        opset(opset) {}

  /// Lowers the `onnx.node` ops of `nodes`, in order, in place; each
  /// result's uses then read the lowered value (an `onnx.bounded` where the
  /// value has a run-time length or element bounds). Stops at the first
  /// error, which names the node.
  LogicalResult convertNodes(ArrayRef<onnx::NodeOp> nodes);
  /// What the conversion knows of an SSA value: its contents when it is a
  /// constant, its length and element bounds when it is an `onnx.bounded`.
  static Tensor decode(Value v);
  /// The value that carries `t` in IR: `t.value`, wrapped in an
  /// `onnx.bounded` when `t` has a length or element bounds.
  Value encode(const Tensor &t);
  /// Emits an error at the function (no node) or the current node.
  LogicalResult fail(const Twine &msg);
  /// Whether `opType` (of the default domain) has a lowering.
  static bool isSupported(StringRef opType);
  /// Checks a computed value against its ONNX declaration (`declared`:
  /// a tensor type whose `?` dimensions and `none` element are not
  /// checked); `what` names it in the error.
  LogicalResult checkDeclaredShape(Type declared, const Tensor &t,
                                   const Twine &what);

private:
  using Handler = LogicalResult (*)(NodeConverter &);

  /// A node as errors name it: `'name'`, or `#index` of its graph when the
  /// exporter left it unnamed.
  static std::string nodeName(onnx::NodeOp n);

  // --- element types and constants -------------------------------------
  /// The MLIR element type of an ONNX TensorProto data type (null for the
  /// types the conversion refuses).
  Type elementType(int64_t onnxType);
  Tensor constantTensor(DenseElementsAttr attr);
  Value materialize(DenseElementsAttr attr);

  // --- node access -------------------------------------------------------
  bool hasInput(int i) {
    return i < int(node->getNumOperands()) &&
           !isa<NoneType>(node->getOperand(i).getType());
  }
  int numInputs() { return node->getNumOperands(); }
  int numOutputs() { return node->getNumResults(); }
  FailureOr<Tensor> input(int i);
  LogicalResult inputs(int min, int max, SmallVector<Tensor> &out);
  LogicalResult setOutput(int i, Tensor t);
  LogicalResult setOutput(int i, FailureOr<Tensor> t) {
    return failed(t) ? failure() : setOutput(i, *t);
  }
  Attribute attr(StringRef name);
  /// Attribute `name` as an `AttrT`: null when absent, and an error
  /// (`kind` says what it must be) when of another kind.
  template <typename AttrT> AttrT typedAttr(StringRef name, StringRef kind);
  int64_t attrInt(StringRef name, int64_t dflt);
  float attrFloat(StringRef name, float dflt);
  std::string attrString(StringRef name, StringRef dflt);
  std::optional<SmallVector<int64_t>> attrInts(StringRef name);
  FailureOr<SmallVector<int64_t>> constInts(const Tensor &t, StringRef what);
  /// A list of integers that attribute `name` gives, or from some opset on
  /// (`fromInput`) the optional input `i`; nullopt when absent.
  FailureOr<std::optional<SmallVector<int64_t>>>
  intsAttrOrInput(ArrayRef<Tensor> in, size_t i, StringRef name,
                  bool fromInput);
  FailureOr<int64_t> normAxis(int64_t axis, int64_t rank,
                              StringRef what = "axis");
  bool attrFailed = false;

  // --- builders ------------------------------------------------------------
  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value scalar(Type t, double v);
  Value convert(OpBuilder &ob, Location l, Value v, Type to);
  FailureOr<SmallVector<int64_t>> broadcast(ArrayRef<Tensor> ins);
  /// `t` in `shape` (same elements, row-major). A run-time length survives
  /// when its valid rows stay a prefix; otherwise the reshape is refused,
  /// since padding would mix with the valid rows.
  FailureOr<Tensor> reshapeTensor(const Tensor &t, ArrayRef<int64_t> shape);
  Value extractScalar(const Tensor &t);
  Value transpose(Value x, ArrayRef<int64_t> perm);
  Value slice(Value x, ArrayRef<int64_t> offs, ArrayRef<int64_t> sizes,
              ArrayRef<int64_t> strides);
  Value pad(Value x, ArrayRef<int64_t> lo, ArrayRef<int64_t> shape,
            Value padValue);
  FailureOr<Tensor> foldElementwise(ArrayRef<Tensor> ins, Type elem,
                                    ArrayRef<int64_t> shape,
                                    function_ref<double(ArrayRef<double>)> fn);

  // --- op handlers ---------------------------------------------------------
  /// Reads the two inputs of a binary op (one element type); returns
  /// their broadcast shape.
  FailureOr<SmallVector<int64_t>> binaryOperands(SmallVector<Tensor> &in);
  LogicalResult binary(StringRef op);
  LogicalResult unary(StringRef op);
  LogicalResult variadic(StringRef op);
  LogicalResult compare(StringRef op);
  LogicalResult opIdentity();
  LogicalResult opConstant();
  LogicalResult opCast();
  LogicalResult opClip();
  LogicalResult opWhere();
  LogicalResult opShape();
  LogicalResult opReshape();
  LogicalResult opFlatten();
  LogicalResult opUnsqueeze();
  LogicalResult opSqueeze();
  LogicalResult opTranspose();
  LogicalResult opConcat();
  LogicalResult opSplit();
  LogicalResult opSlice();
  LogicalResult opGather();
  LogicalResult opGatherND();
  LogicalResult opExpand();
  LogicalResult opTile();
  LogicalResult opConstantOfShape();
  LogicalResult opRange();
  LogicalResult reduction(StringRef op);
  LogicalResult opSoftmax();
  LogicalResult opTopK();
  /// TopK's k over an axis of size `n`, read from `k` (null: the `k`
  /// attribute of opset 1): a constant (`bound`), or a run-time value
  /// (`kVal`) whose bound is `n` or the bound `k` carries.
  LogicalResult topKCount(const Tensor *k, int64_t n, int64_t &bound,
                          Value &kVal);
  LogicalResult opIf();
  /// Converts the nodes of an If branch at the builder's insertion point;
  /// `outs` receives the branch's outputs.
  LogicalResult convertBranch(Region &branch, SmallVector<Tensor> &outs);
  /// Values padded to one capacity so that both branches of an If yield
  /// the same types; the length axis is the one whose size differs.
  LogicalResult unifyBranches(ArrayRef<Tensor> thenOuts,
                              ArrayRef<Tensor> elseOuts,
                              SmallVector<Tensor> &shapes);
  LogicalResult reshapeToRuntimeShape(const Tensor &x, const Tensor &shape);
  /// The one element of a run-time shape not known at import time (-1:
  /// none); two such elements are an error.
  FailureOr<int64_t> runtimeDimension(ArrayRef<bool> exact);
  /// Element `axis` of the run-time shape vector `shape` as an index,
  /// clamped to `capacity`: the length of the value it shapes.
  Value runtimeDimensionValue(const Tensor &shape, int64_t axis,
                              int64_t capacity);
  /// A Concat along the axis of a run-time length: a compaction.
  LogicalResult concatBounded(ArrayRef<Tensor> in, int64_t axis,
                              ArrayRef<int64_t> shape);
  LogicalResult opNonZero();
  LogicalResult opNonMaxSuppression();
  LogicalResult opMatMul();
  LogicalResult opGemm();
  LogicalResult opConv();
  LogicalResult opGlobalAveragePool();
  LogicalResult opResize();
  /// Resize's output shape and per-axis scales, from its scales or sizes
  /// input (known at import time).
  LogicalResult resizeShape(ArrayRef<Tensor> in, SmallVector<double> &scales,
                            SmallVector<int64_t> &outShape);
  LogicalResult opPad();
  LogicalResult opBatchNormalization();
  LogicalResult opRoiAlign();
  /// RoiAlign's attributes, checked.
  LogicalResult roiAlignAttrs(RoiAlignAttrs &attrs);
  LogicalResult opScatterElements();
  LogicalResult pool(StringRef op);
  /// The 2-D window attributes of Conv and the pools (auto_pad, strides,
  /// dilations, pads), their lengths checked.
  LogicalResult windowAttrs(std::string &autoPad,
                            std::optional<SmallVector<int64_t>> &strides,
                            std::optional<SmallVector<int64_t>> &dil,
                            std::optional<SmallVector<int64_t>> &pads);
  LogicalResult matmul(Tensor a, Tensor bt, bool transA, bool transB,
                       Tensor &out);

  static const llvm::StringMap<Handler> &handlers();

  // --- recognised idioms (NmsIdioms.cpp) -----------------------------------
  enum class IdiomPart {
    none,      // not part of a recognised idiom: the node's handler
    converted, // converted as part of one: its outputs are set
    absorbed,  // part of one, read only within it: erased after the nodes
  };
  /// Converts `node` as part of a recognised idiom when the graph holds one
  /// exactly; no diagnostic when it does not.
  FailureOr<IdiomPart> convertIdiom();
  FailureOr<IdiomPart> convertBatchedNms();
  FailureOr<IdiomPart> convertThresholdTopK();
  FailureOr<IdiomPart> convertClassCandidates();
  /// Shared so that this header needs no definition of the state.
  std::shared_ptr<IdiomState> idioms;

  MLIRContext &ctx;
  func::FuncOp func;
  int64_t opset;
  /// The node being converted, and the outputs its handler set.
  onnx::NodeOp node;
  SmallVector<std::optional<Tensor>> outputs;
};

/// A known tensor rearranged: element `i` of the result (row-major, of
/// `shape`) is element `source(index of i)` of `t` (row-major). Shape
/// arithmetic that exporters route through Transpose and Slice.
DenseElementsAttr
rearrangeConstant(DenseElementsAttr t, ArrayRef<int64_t> shape,
                  function_ref<int64_t(ArrayRef<int64_t>)> source);
/// The ONNX name of an element type (`FLOAT`, `INT64`, ...), by its ONNX
/// number or its MLIR type.
StringRef onnxTypeName(int64_t t);
StringRef onnxTypeName(Type t);
/// Per-element upper bounds of a small non-negative integer tensor: its
/// values when it is a constant, its `bounds` when it has them; empty
/// otherwise.
SmallVector<int64_t> boundsOf(const Tensor &t);
/// Whether each element of `t` is known at import time (see boundsOf).
SmallVector<bool> exactOf(const Tensor &t);
/// The run-time length an elementwise result inherits from its inputs.
void inheritLength(Tensor &out, ArrayRef<Tensor> ins, ArrayRef<int64_t> shape);
/// True when every tensor is a known constant of at most `limit` elements.
bool allConstant(ArrayRef<Tensor> ts, int64_t limit);
/// The then_branch and else_branch regions of an If node (null when
/// missing).
std::pair<Region *, Region *> ifBranches(onnx::NodeOp n);
/// An index read from an indices tensor, made valid for a dimension of
/// size `dim` (negative from the end, out-of-range clamped).
Value normIndex(OpBuilder &ob, Location l, Value idx, int64_t dim);

} // namespace mlir::detect::onnx_to_detect

#endif // DETECT_LIB_CONVERSION_ONNXTODETECT_NODECONVERTER_H
