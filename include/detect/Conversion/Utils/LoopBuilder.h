//===- LoopBuilder.h - counters and scratch access of the loop lowerings -*- C++
//-*-===//
//
// Part of detect-mlir. The sequential lowerings (NMS, soft-NMS) count in
// signless integers of the target's index width (`counter`), not `index`:
// every loop-carried value is then a plain C integer on the EmitC route.
// Their scratch arrays hold integers as narrow as the static sizes allow
// (storageType); loads widen to the counter type, stores narrow.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_CONVERSION_UTILS_LOOPBUILDER_H
#define DETECT_CONVERSION_UTILS_LOOPBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cstdint>
#include <limits>

namespace mlir::detect {

/// Counter arithmetic and memory access at one insertion point.
struct LoopBuilder {
  OpBuilder &b;
  Location loc;
  Type counter;

  Value cst(int64_t v) {
    return arith::ConstantOp::create(b, loc, counter,
                                     b.getIntegerAttr(counter, v));
  }
  Value boolean(bool v) {
    return arith::ConstantIntOp::create(b, loc, b.getI1Type(), v);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value lt(Value x, Value y) { return cmp(arith::CmpIPredicate::slt, x, y); }
  Value le(Value x, Value y) { return cmp(arith::CmpIPredicate::sle, x, y); }
  Value eq(Value x, Value y) { return cmp(arith::CmpIPredicate::eq, x, y); }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value orI(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value notI(Value x) {
    return arith::XOrIOp::create(b, loc, x, boolean(true));
  }
  Value min(Value x, Value y) { return arith::MinSIOp::create(b, loc, x, y); }
  Value max(Value x, Value y) { return arith::MaxSIOp::create(b, loc, x, y); }
  Value clamp(Value v, Value lo, Value hi) { return min(max(v, lo), hi); }

  /// Between integer types and index, sign-extending.
  Value cast(Value v, Type to) {
    Type from = v.getType();
    if (from == to)
      return v;
    if (from.isIndex() || to.isIndex())
      return arith::IndexCastOp::create(b, loc, to, v);
    if (from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth())
      return arith::ExtSIOp::create(b, loc, to, v);
    return arith::TruncIOp::create(b, loc, to, v);
  }
  /// A run-time count of any integer type clamped to [0, hi] (hi a counter)
  /// before it is narrowed to the counter type, so that an i64 count of 2^32
  /// means "all", not 0.
  Value clampCount(Value count, Value hi) {
    Type wide = b.getI64Type();
    Value clamped =
        clamp(cast(count, wide), cast(cst(0), wide), cast(hi, wide));
    return cast(clamped, counter);
  }

  /// memref[i], integers widened to the counter type.
  Value load(Value memref, Value i) {
    Value v = memref::LoadOp::create(b, loc, memref,
                                     ValueRange{cast(i, b.getIndexType())});
    return isa<IntegerType>(v.getType()) ? cast(v, counter) : v;
  }
  /// memref[i][j] as stored.
  Value load2(Value memref, Value i, int64_t j) {
    return memref::LoadOp::create(
        b, loc, memref,
        ValueRange{cast(i, b.getIndexType()),
                   arith::ConstantIndexOp::create(b, loc, j)});
  }
  /// memref[i] = v, integers narrowed to the element type.
  void store(Value v, Value memref, Value i) {
    Type element = llvm::cast<MemRefType>(memref.getType()).getElementType();
    if (isa<IntegerType>(element))
      v = cast(v, element);
    memref::StoreOp::create(b, loc, v, memref,
                            ValueRange{cast(i, b.getIndexType())});
  }
};

/// The smallest signless integer type of at most `counter`'s width that
/// holds every value in [-1, bound] (a static bound; dynamic: the counter).
inline Type storageType(OpBuilder &b, Type counter, int64_t bound) {
  if (ShapedType::isDynamic(bound))
    return counter;
  unsigned width = counter.getIntOrFloatBitWidth();
  if (bound <= std::numeric_limits<int16_t>::max() && width > 16)
    return b.getI16Type();
  if (bound <= std::numeric_limits<int32_t>::max() && width > 32)
    return b.getI32Type();
  return counter;
}

} // namespace mlir::detect

#endif // DETECT_CONVERSION_UTILS_LOOPBUILDER_H
