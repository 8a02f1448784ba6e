//===- GlueBuilder.h - scalar and tensor glue of the rewrites ---*- C++ -*-===//
//
// Part of detect-mlir. The rewrites of framework ops into core ops write
// their glue (loops over batches and classes, rows copied into bounded
// results) from small arithmetic on `index`, i32 and f32 values and from
// element reads and writes of tensors. One builder states each of these
// once; the ONNX idiom matchers can use it too.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_TRANSFORMS_GLUEBUILDER_H
#define DETECT_DIALECT_DETECT_TRANSFORMS_GLUEBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

#include <cstdint>

namespace mlir::detect {

/// Glue arithmetic and tensor element access at one insertion point.
struct GlueBuilder {
  OpBuilder &b;
  Location loc;

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value i32(int64_t v) {
    return arith::ConstantIntOp::create(b, loc, b.getI32Type(), v);
  }

  /// Between an integer type and index.
  Value cast(Value v, Type to) {
    if (v.getType() == to)
      return v;
    return arith::IndexCastOp::create(b, loc, to, v);
  }
  Value toIndex(Value v) { return cast(v, b.getIndexType()); }
  Value toI32(Value v) { return cast(v, b.getI32Type()); }
  Value toF32(Value v) {
    return arith::SIToFPOp::create(b, loc, b.getF32Type(), toI32(v));
  }

  Value cmpi(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value cmpf(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value orI(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value addI(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value subI(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mulI(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value maxI(Value x, Value y) { return arith::MaxSIOp::create(b, loc, x, y); }
  Value minI(Value x, Value y) { return arith::MinSIOp::create(b, loc, x, y); }

  Value dim(Value tensor, int64_t d) {
    return tensor::DimOp::create(b, loc, tensor, d);
  }
  Value extract(Value t, ValueRange at) {
    return tensor::ExtractOp::create(b, loc, t, at);
  }
  Value insert(Value v, Value t, ValueRange at) {
    return tensor::InsertOp::create(b, loc, v, t, at);
  }
};

} // namespace mlir::detect

#endif // DETECT_DIALECT_DETECT_TRANSFORMS_GLUEBUILDER_H
