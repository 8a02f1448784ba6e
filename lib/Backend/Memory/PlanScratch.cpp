//===- PlanScratch.cpp - scratch memory without a heap --------------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Backend/Memory/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

#include <limits>
#include <optional>

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTPLANSCRATCH
#include "detect/Backend/Memory/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;

namespace {

/// Bytes of a static memref of scalars, `index` being `indexBits` wide;
/// nullopt when they do not fit in int64_t.
std::optional<int64_t> byteSize(MemRefType type, unsigned indexBits) {
  Type element = type.getElementType();
  int64_t bits =
      element.isIndex() ? indexBits : element.getIntOrFloatBitWidth();
  std::optional<int64_t> bytes = llvm::divideCeil(bits, 8);
  for (int64_t dim : type.getShape())
    if (bytes)
      bytes = llvm::checkedMul(*bytes, dim);
  return bytes;
}

/// The largest byte size or offset a target's signed `index` holds.
int64_t maxAddressable(unsigned indexBits) {
  return indexBits >= 64 ? std::numeric_limits<int64_t>::max()
                         : (int64_t(1) << (indexBits - 1)) - 1;
}

/// The values that may hold the buffer of `root`: views of it, and the
/// loop-carried and branch results it may flow into (conservatively, every
/// memref result and region argument of an op that uses an alias).
/// `escapes` is set when an alias leaves the function's sight (returned,
/// stored, passed to a call or an unknown op with no memref result).
SmallVector<Value> aliasesOf(Value root, bool &escapes) {
  SmallVector<Value> aliases{root}, work{root};
  llvm::DenseSet<Value> seen{root};
  auto add = [&](Value v) {
    if (isa<BaseMemRefType>(v.getType()) && seen.insert(v).second) {
      aliases.push_back(v);
      work.push_back(v);
    }
  };
  auto addOpAndRegions = [&](Operation *op) {
    for (Value r : op->getResults())
      add(r);
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          add(arg);
  };
  while (!work.empty()) {
    Value v = work.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (isa<func::ReturnOp, func::CallOp>(user))
        escapes = true;
      if (auto store = dyn_cast<memref::StoreOp>(user);
          store && store.getValueToStore() == v)
        escapes = true;
      if (user->hasTrait<OpTrait::IsTerminator>() && user->getParentOp())
        addOpAndRegions(user->getParentOp());
      addOpAndRegions(user);
    }
  }
  return aliases;
}

/// Slots for the entry block's allocations: one per allocation, except
/// that an allocation reuses the slot of an earlier one of the same type
/// whose last use (through any alias, counted at the entry-block op that
/// contains it) comes before it.
SmallVector<unsigned> assignSlots(func::FuncOp func,
                                  ArrayRef<memref::AllocOp> allocs) {
  Block &entry = func.getBody().front();
  llvm::DenseMap<Operation *, int64_t> position;
  for (auto [i, op] : llvm::enumerate(entry))
    position[&op] = i;
  int64_t end = entry.getOperations().size();
  SmallVector<int64_t> starts, lasts;
  for (memref::AllocOp alloc : allocs) {
    bool escapes = false;
    int64_t last = position[alloc];
    for (Value alias : aliasesOf(alloc.getResult(), escapes))
      for (Operation *user : alias.getUsers())
        if (Operation *top = entry.findAncestorOpInBlock(*user))
          last = std::max(last, position[top]);
    starts.push_back(position[alloc]);
    lasts.push_back(escapes ? end : last);
  }
  SmallVector<unsigned> slotOf;
  SmallVector<std::pair<MemRefType, int64_t>> slots; // type, last use
  for (size_t i = 0; i < allocs.size(); ++i) {
    MemRefType type = memref::AllocOp(allocs[i]).getType();
    unsigned chosen = slots.size();
    for (auto [s, slot] : llvm::enumerate(slots))
      if (slot.first == type && slot.second < starts[i]) {
        chosen = s;
        break;
      }
    if (chosen == slots.size())
      slots.push_back({type, lasts[i]});
    else
      slots[chosen].second = lasts[i];
    slotOf.push_back(chosen);
  }
  return slotOf;
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
    if (alignment == 0 || indexBitwidth < 8 || indexBitwidth > 64) {
      getOperation().emitError()
          << "detect-plan-scratch: alignment must be positive and "
             "index-bitwidth in [8, 64], got "
          << static_cast<unsigned>(alignment) << " and "
          << static_cast<unsigned>(indexBitwidth);
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
      if (!type || !type.hasStaticShape() ||
          !llvm::is_contained(type.getShape(), 0) || !arg.use_empty())
        continue;
      SmallVector<int64_t> shape(type.getRank(), 1);
      inputs[i] = MemRefType::get(shape, type.getElementType());
      arg.setType(inputs[i]);
      changed = true;
    }
    if (changed)
      func.setType(
          FunctionType::get(func.getContext(), inputs, func.getResultTypes()));
  }

  LogicalResult planFunction(func::FuncOp func, SymbolTable &symbols) {
    if (forC)
      widenEmptyArguments(func);
    SmallVector<memref::AllocOp> allocs;
    func.walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
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
    // Buffers of one type whose lifetimes do not overlap share one slot:
    // an imported graph allocates the same candidate lists once per class.
    SmallVector<unsigned> slotOf = assignSlots(func, allocs);
    unsigned numSlots = 0;
    for (unsigned s : slotOf)
      numSlots = std::max(numSlots, s + 1);
    SmallVector<memref::AllocOp> slotType(numSlots);
    for (auto [alloc, s] : llvm::zip(allocs, slotOf))
      if (!slotType[s])
        slotType[s] = alloc;
    // The header states this figure (index counted at the target's width).
    // Each size, the total and (for a workspace) every offset must fit the
    // target's index, or the generated code would compute them wrapped.
    int64_t limit = maxAddressable(indexBitwidth);
    auto tooLarge = [&](memref::AllocOp alloc, StringRef what) {
      return alloc.emitOpError()
             << "allocates scratch " << alloc.getType() << " for function '"
             << func.getSymName() << "': " << what << " more than the " << limit
             << " bytes that the target's "
             << static_cast<unsigned>(indexBitwidth) << "-bit index addresses";
    };
    std::optional<int64_t> scratchBytes = 0;
    for (memref::AllocOp alloc : slotType) {
      std::optional<int64_t> bytes = byteSize(alloc.getType(), indexBitwidth);
      if (!bytes || *bytes > limit)
        return tooLarge(alloc, "the buffer takes");
      scratchBytes = llvm::checkedAdd(*scratchBytes, *bytes);
      if (!scratchBytes || *scratchBytes > limit)
        return tooLarge(alloc, "with it, the scratch takes");
    }
    func->setAttr(
        "detect.scratch_size",
        IntegerAttr::get(IntegerType::get(func.getContext(), 64),
                         placement == "workspace" ? 0 : *scratchBytes));
    if (allocs.empty())
      return success();

    OpBuilder b(func.getContext());
    if (placement == "stack") {
      // At the function entry, before any loop: an alloca after a loop is a
      // dynamic stack adjustment to LLVM (a frame pointer, a moving sp).
      SmallVector<Value> slots(numSlots);
      for (auto [alloc, slot] : llvm::zip(allocs, slotOf)) {
        if (!slots[slot]) {
          // Re-anchored each time: the previous anchor may be an erased
          // alloc. No alignment beyond the element's: an over-aligned
          // alloca makes Cortex-M code realign the stack, and EmitC cannot
          // express it.
          b.setInsertionPointToStart(&func.getBody().front());
          slots[slot] =
              memref::AllocaOp::create(b, alloc.getLoc(), alloc.getType());
        }
        alloc.replaceAllUsesWith(slots[slot]);
        alloc.erase();
      }
      return success();
    }

    if (placement == "static") {
      SmallVector<memref::GlobalOp> globals(numSlots);
      for (auto [alloc, slot] : llvm::zip(allocs, slotOf)) {
        if (!globals[slot]) {
          b.setInsertionPoint(func);
          std::string name =
              ("__detect_scratch_" + func.getSymName() + "_" + Twine(slot))
                  .str();
          globals[slot] = memref::GlobalOp::create(
              b, alloc.getLoc(), name, b.getStringAttr("private"),
              alloc.getType(), /*initial_value=*/Attribute(),
              /*constant=*/false, /*alignment=*/IntegerAttr());
          symbols.insert(globals[slot]);
        }
        memref::GlobalOp global = globals[slot];
        b.setInsertionPoint(alloc);
        auto get = memref::GetGlobalOp::create(
            b, alloc.getLoc(), alloc.getType(), global.getSymName());
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
    SmallVector<int64_t> slotOffsets, offsets;
    for (memref::AllocOp alloc : slotType) {
      slotOffsets.push_back(offset);
      // Each size is at most `limit` (checked above), so the padded size
      // fits in uint64_t.
      uint64_t padded =
          llvm::alignTo(*byteSize(alloc.getType(), indexBitwidth), alignment);
      std::optional<int64_t> next =
          padded > uint64_t(limit) ? std::nullopt
                                   : llvm::checkedAdd(offset, int64_t(padded));
      if (!next || *next > limit)
        return tooLarge(alloc,
                        "with it and its alignment, the workspace takes");
      offset = *next;
    }
    for (unsigned slot : slotOf)
      offsets.push_back(slotOffsets[slot]);
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
