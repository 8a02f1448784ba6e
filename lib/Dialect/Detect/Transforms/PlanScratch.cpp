//===- PlanScratch.cpp - scratch memory without a heap --------------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTPLANSCRATCH
#include "detect/Dialect/Detect/Transforms/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;

namespace {

/// Bytes of a static memref of scalars, `index` being `indexBits` wide.
int64_t byteSize(MemRefType type, unsigned indexBits) {
  Type element = type.getElementType();
  int64_t bits = element.isIndex() ? indexBits : element.getIntOrFloatBitWidth();
  return type.getNumElements() * llvm::divideCeil(bits, 8);
}

struct DetectPlanScratchPass
    : mlir::detect::impl::DetectPlanScratchBase<DetectPlanScratchPass> {
  using DetectPlanScratchBase::DetectPlanScratchBase;

  void runOnOperation() override {
    if (placement != "static" && placement != "stack" &&
        placement != "workspace") {
      getOperation().emitError()
          << "detect-plan-scratch: unknown placement '" << placement
          << "' (expected static, stack or workspace)";
      return signalPassFailure();
    }
    // EmitC cannot express an over-aligned global (bufferization aligns
    // constant globals to 64 bytes): natural alignment serves C.
    if (forC)
      for (auto global : getOperation().getOps<memref::GlobalOp>())
        global.removeAlignmentAttr();
    SymbolTable symbols(getOperation());
    for (auto func :
         llvm::make_early_inc_range(getOperation().getOps<func::FuncOp>()))
      if (!func.isDeclaration() && failed(planFunction(func, symbols)))
        return signalPassFailure();
  }

  /// C has no zero-length arrays: an unused zero-element buffer argument
  /// (the result of max_output(0)) is declared with one element; the
  /// function never touches it.
  void widenEmptyArguments(func::FuncOp func) {
    SmallVector<Type> inputs(func.getArgumentTypes());
    bool changed = false;
    for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
      auto type = dyn_cast<MemRefType>(arg.getType());
      if (!type || !type.hasStaticShape() || type.getNumElements() != 0 ||
          !arg.use_empty())
        continue;
      SmallVector<int64_t> shape(type.getRank(), 1);
      inputs[i] = MemRefType::get(shape, type.getElementType());
      arg.setType(inputs[i]);
      changed = true;
    }
    if (changed)
      func.setType(FunctionType::get(func.getContext(), inputs,
                                     func.getResultTypes()));
  }

  LogicalResult planFunction(func::FuncOp func, SymbolTable &symbols) {
    if (forC)
      widenEmptyArguments(func);
    SmallVector<memref::AllocOp> allocs;
    func.walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
    // The header states this figure (index counted at the target's width).
    int64_t scratchBytes = 0;
    for (memref::AllocOp alloc : allocs)
      if (alloc.getType().hasStaticShape())
        scratchBytes += byteSize(alloc.getType(), indexBitwidth);
    func->setAttr("detect.scratch_size",
                  IntegerAttr::get(IntegerType::get(func.getContext(), 64),
                                   placement == "workspace" ? 0 : scratchBytes));
    if (allocs.empty())
      return success();
    for (memref::AllocOp alloc : allocs) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity())
        return alloc.emitOpError()
               << "allocates " << type
               << ", whose size is not known at compile time; the heap-free "
                  "pipelines need static shapes";
      if (alloc->getBlock() != &func.getBody().front())
        return alloc.emitOpError()
               << "allocates scratch inside a loop or branch; the heap-free "
                  "pipelines place scratch once per function";
    }
    // Scratch buffers are never freed by the caller: drop the deallocs.
    func.walk([&](memref::DeallocOp dealloc) {
      if (dealloc.getMemref().getDefiningOp<memref::AllocOp>())
        dealloc.erase();
    });

    OpBuilder b(func.getContext());
    if (placement == "stack") {
      // At the function entry, before any loop: an alloca after a loop is a
      // dynamic stack adjustment to LLVM (a frame pointer, a moving sp).
      for (memref::AllocOp alloc : allocs) {
        // Re-anchored each time: the previous anchor may be an erased alloc.
        b.setInsertionPointToStart(&func.getBody().front());
        // No alignment beyond the element's: an over-aligned alloca makes
        // Cortex-M code realign the stack, and EmitC cannot express it.
        auto alloca = memref::AllocaOp::create(b, alloc.getLoc(),
                                               alloc.getType());
        alloc.replaceAllUsesWith(alloca.getResult());
        alloc.erase();
      }
      return success();
    }

    if (placement == "static") {
      unsigned counter = 0;
      for (memref::AllocOp alloc : allocs) {
        b.setInsertionPoint(func);
        std::string name =
            ("__detect_scratch_" + func.getSymName() + "_" + Twine(counter++))
                .str();
        auto global = memref::GlobalOp::create(
            b, alloc.getLoc(), name, b.getStringAttr("private"),
            alloc.getType(), /*initial_value=*/Attribute(),
            /*constant=*/false, /*alignment=*/IntegerAttr());
        symbols.insert(global);
        b.setInsertionPoint(alloc);
        auto get = memref::GetGlobalOp::create(b, alloc.getLoc(),
                                               alloc.getType(),
                                               global.getSymName());
        alloc.replaceAllUsesWith(get.getResult());
        alloc.erase();
      }
      return success();
    }

    if (forC)
      return func.emitError()
             << "function '" << func.getSymName()
             << "' needs scratch memory, and scratch=workspace is not "
                "available on the C route (EmitC has no memref.view); use "
                "scratch=static or scratch=stack";
    // workspace: one i8 buffer argument, each scratch buffer at an aligned
    // offset in it.
    int64_t offset = 0;
    SmallVector<int64_t> offsets;
    for (memref::AllocOp alloc : allocs) {
      offsets.push_back(offset);
      offset += llvm::alignTo(byteSize(alloc.getType(), indexBitwidth), alignment);
    }
    auto workspaceType = MemRefType::get({offset}, b.getI8Type());
    unsigned index = func.getNumArguments();
    if (failed(func.insertArgument(index, workspaceType, {}, func.getLoc())))
      return failure();
    Value workspace = func.getArgument(index);
    func->setAttr("detect.workspace_size", b.getI64IntegerAttr(offset));
    for (auto [alloc, at] : llvm::zip(allocs, offsets)) {
      b.setInsertionPoint(alloc);
      Value shift = arith::ConstantIndexOp::create(b, alloc.getLoc(), at);
      auto view = memref::ViewOp::create(b, alloc.getLoc(), alloc.getType(),
                                         workspace, shift, ValueRange{});
      alloc.replaceAllUsesWith(view.getResult());
      alloc.erase();
    }
    return success();
  }
};

} // namespace
