//===- FlattenConstantGlobals.cpp - constants as flat C arrays ------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Backend/EmitC/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"

#include <functional>

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTFLATTENCONSTANTGLOBALS
#include "detect/Backend/EmitC/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;

namespace {

/// `memref.copy %global, %dst` as loops of loads and stores, so that the
/// global is only read by loads.
void copyByElements(memref::CopyOp copy) {
  OpBuilder b(copy);
  Location loc = copy.getLoc();
  auto type = cast<MemRefType>(copy.getSource().getType());
  SmallVector<Value> ivs;
  std::function<void(OpBuilder &, int64_t)> nest = [&](OpBuilder &nb,
                                                       int64_t dim) {
    if (dim == type.getRank()) {
      Value v = memref::LoadOp::create(nb, loc, copy.getSource(), ivs);
      memref::StoreOp::create(nb, loc, v, copy.getTarget(), ivs);
      return;
    }
    scf::ForOp::create(
        nb, loc, arith::ConstantIndexOp::create(nb, loc, 0),
        arith::ConstantIndexOp::create(nb, loc, type.getDimSize(dim)),
        arith::ConstantIndexOp::create(nb, loc, 1), ValueRange{},
        [&](OpBuilder &lb, Location, Value iv, ValueRange) {
          ivs.push_back(iv);
          nest(lb, dim + 1);
          ivs.pop_back();
          scf::YieldOp::create(lb, loc);
        });
  };
  nest(b, 0);
  copy.erase();
}

bool loadsAndStoresOnly(memref::GetGlobalOp get) {
  return llvm::all_of(get->getUsers(), [](Operation *user) {
    return isa<memref::LoadOp, memref::StoreOp, affine::AffineLoadOp,
               affine::AffineStoreOp>(user);
  });
}

struct DetectFlattenConstantGlobalsPass
    : mlir::detect::impl::DetectFlattenConstantGlobalsBase<
          DetectFlattenConstantGlobalsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // C prints every constant's numbers, and MemRefToEmitC reads only dense
    // values: a dense resource (an importer's large constant) becomes one.
    for (auto global : module.getOps<memref::GlobalOp>()) {
      auto resource = dyn_cast_or_null<DenseResourceElementsAttr>(
          global.getInitialValueAttr());
      if (!resource)
        continue;
      AsmResourceBlob *blob = resource.getRawHandle().getBlob();
      auto type = RankedTensorType::get(global.getType().getShape(),
                                        global.getType().getElementType());
      bool splat = false;
      if (!blob ||
          !DenseElementsAttr::isValidRawBuffer(type, blob->getData(), splat)) {
        global.emitOpError("has a dense resource without valid data");
        return signalPassFailure();
      }
      global.setInitialValueAttr(
          DenseElementsAttr::getFromRawBuffer(type, blob->getData()));
    }
    // Copies out of a constant global of rank >= 2 read it element by
    // element instead (C has no views to copy through).
    SmallVector<memref::CopyOp> copies;
    module.walk([&](memref::CopyOp copy) {
      auto get = copy.getSource().getDefiningOp<memref::GetGlobalOp>();
      auto type = cast<MemRefType>(copy.getSource().getType());
      if (get && type.getRank() >= 2 && type.hasStaticShape() &&
          type.getLayout().isIdentity())
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies)
      copyByElements(copy);
    // The readers of each global, by name.
    llvm::StringMap<SmallVector<memref::GetGlobalOp>> readers;
    module.walk([&](memref::GetGlobalOp get) {
      readers[get.getName()].push_back(get);
    });
    // Scalars (rank-0 scratch) become one-element arrays, accessed through
    // a collapse_shape that fold-memref-alias-ops folds into the loads and
    // stores: upstream's memref-to-emitc has no rank-0 global access.
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      auto &gets = readers[global.getSymName()];
      if (type.getRank() != 0 || !llvm::all_of(gets, loadsAndStoresOnly))
        continue;
      auto oneType = MemRefType::get({1}, type.getElementType());
      global.setTypeAttr(TypeAttr::get(oneType));
      if (auto value =
              dyn_cast_or_null<DenseElementsAttr>(global.getInitialValueAttr()))
        global.setInitialValueAttr(
            value.reshape(RankedTensorType::get({1}, type.getElementType())));
      for (memref::GetGlobalOp get : gets) {
        OpBuilder b(get);
        auto one = memref::GetGlobalOp::create(b, get.getLoc(), oneType,
                                               get.getName());
        auto view = memref::CollapseShapeOp::create(
            b, get.getLoc(), type, one, SmallVector<ReassociationIndices>{});
        get.replaceAllUsesWith(view.getResult());
        get.erase();
      }
      gets.clear();
    }
    for (auto global :
         llvm::make_early_inc_range(module.getOps<memref::GlobalOp>())) {
      MemRefType type = global.getType();
      auto value =
          dyn_cast_or_null<DenseElementsAttr>(global.getInitialValueAttr());
      if (!global.getConstant() || !value || type.getRank() < 2 ||
          !type.getLayout().isIdentity() || type.getNumElements() == 0)
        continue;
      // Only globals that are read element by element: the loads then index
      // the flat array (fold-memref-alias-ops), and nothing needs a view.
      auto &gets = readers[global.getSymName()];
      bool onlyLoads = llvm::all_of(gets, [](memref::GetGlobalOp get) {
        return llvm::all_of(get->getUsers(), [](Operation *user) {
          return isa<memref::LoadOp, affine::AffineLoadOp>(user);
        });
      });
      if (!onlyLoads)
        continue;
      auto flatType =
          MemRefType::get({type.getNumElements()}, type.getElementType());
      auto flatTensor =
          RankedTensorType::get({type.getNumElements()}, type.getElementType());
      global.setTypeAttr(TypeAttr::get(flatType));
      global.setInitialValueAttr(value.reshape(flatTensor));
      ReassociationIndices all;
      for (int64_t d = 0; d < type.getRank(); ++d)
        all.push_back(d);
      for (memref::GetGlobalOp get : gets) {
        OpBuilder b(get);
        auto flat = memref::GetGlobalOp::create(b, get.getLoc(), flatType,
                                                get.getName());
        auto view = memref::ExpandShapeOp::create(
            b, get.getLoc(), type, flat,
            SmallVector<ReassociationIndices>{all});
        get.replaceAllUsesWith(view.getResult());
        get.erase();
      }
    }
  }
};

} // namespace
