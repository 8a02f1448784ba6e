//===- Footprint.cpp - flash and RAM of compiled functions ----------------===//
//
// Part of detect-mlir. Measures what `detect-compile --report` prints from
// the object file itself: with function and data sections, each function's
// code is `.text.<name>` and its static scratch
// `.bss.[.L]__detect_scratch_<name>_*`; the stack frame comes from LLVM's
// stack-usage output.
//
//===----------------------------------------------------------------------===//

#include "detect/Target/Emit.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mlir::detect;

FailureOr<Footprint> mlir::detect::measureFootprint(ModuleOp module,
                                                    const TargetInfo &target,
                                                    char optLevel) {
  llvm::SmallString<128> stackFile;
  if (llvm::sys::fs::createTemporaryFile("detect-stack", "su", stackFile))
    return module.emitError("cannot create a temporary file");
  llvm::FileRemover removeStackFile(stackFile);

  llvm::SmallVector<char, 0> objectBytes;
  llvm::raw_svector_ostream objectStream(objectBytes);
  if (failed(emitForTarget(module, target, optLevel, OutputKind::Object,
                           objectStream, stackFile)))
    return failure();

  Footprint footprint;
  for (auto func : module.getOps<LLVM::LLVMFuncOp>())
    if (!func.isExternal() && !func.isPrivate())
      footprint.functions.push_back({func.getSymName().str()});

  auto object =
      llvm::object::ObjectFile::createObjectFile(llvm::MemoryBufferRef(
          llvm::StringRef(objectBytes.data(), objectBytes.size()), "object"));
  if (!object)
    return module.emitError() << "cannot read the emitted object: "
                              << llvm::toString(object.takeError());
  for (const llvm::object::SectionRef &section : (*object)->sections()) {
    llvm::Expected<llvm::StringRef> name = section.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    if (name->starts_with(".rodata"))
      footprint.rodata += section.getSize();
    for (FunctionFootprint &function : footprint.functions) {
      if (*name == ".text." + function.name)
        function.text += section.getSize();
      // Private globals get the assembler's local prefix (.L) on ELF.
      llvm::StringRef bss = *name;
      if (!bss.consume_front(".bss."))
        continue;
      bss.consume_front(".L");
      if (bss.starts_with("__detect_scratch_" + function.name + "_"))
        function.scratch += section.getSize();
    }
  }

  // Lines of `file:line:function<TAB>bytes<TAB>static|dynamic[,bounded]`.
  if (auto stack = llvm::MemoryBuffer::getFile(stackFile)) {
    llvm::SmallVector<llvm::StringRef> lines;
    (*stack)->getBuffer().split(lines, '\n', -1, false);
    for (llvm::StringRef line : lines) {
      llvm::SmallVector<llvm::StringRef, 3> fields;
      line.split(fields, '\t');
      if (fields.size() < 3)
        continue;
      llvm::StringRef function = fields[0].rsplit(':').second;
      for (FunctionFootprint &entry : footprint.functions)
        if (entry.name == function) {
          fields[1].getAsInteger(10, entry.stack);
          entry.dynamicStack = fields[2].starts_with("dynamic");
        }
    }
  }
  return footprint;
}

void mlir::detect::printFootprint(const Footprint &footprint,
                                  const TargetInfo &target,
                                  llvm::raw_ostream &os) {
  os << "Footprint on " << target.name << " (" << target.description << "):\n";
  os << llvm::formatv("  {0,-28} {1,8} {2,14} {3,12}\n", "function", ".text",
                      ".bss scratch", "stack frame");
  for (const FunctionFootprint &f : footprint.functions) {
    std::string stack =
        f.stack < 0 ? "?"
                    : std::to_string(f.stack) + (f.dynamicStack ? "+dyn" : "");
    os << llvm::formatv("  {0,-28} {1,8} {2,14} {3,12}\n", f.name, f.text,
                        f.scratch, stack);
  }
  os << "  .rodata (shared constants): " << footprint.rodata << " bytes\n";
}
