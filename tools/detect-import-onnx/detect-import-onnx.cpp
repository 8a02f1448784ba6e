//===- detect-import-onnx.cpp - ONNX model to MLIR ------------------------===//
//
// Part of detect-mlir.
//
//   detect-import-onnx MODEL.onnx [-o OUT.mlir] [--name=FUNC]
//                      [--shape INPUT=1x3234x4 ...] [--emit-bytecode]
//                      [--inputs=T,..] [--outputs=T,..]
//
// Prints one func.func (detect + upstream dialects, static shapes) that
// detect-opt and detect-compile take like hand-written IR. Errors name the
// file and, for a node, its name and op type; the exit status is 1.
//
//===----------------------------------------------------------------------===//

#include "detect/Import/Onnx.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

// --help lists these; LLVM's own options stay under --help-hidden.
static cl::OptionCategory importCategory("detect-import-onnx options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::Required, cl::cat(importCategory));
static cl::opt<std::string>
    outputFile("o", cl::desc("Output file (default: stdout)"),
               cl::value_desc("file"), cl::init("-"), cl::cat(importCategory));
static cl::opt<std::string>
    funcName("name",
             cl::desc("Name of the function, a C identifier (default: the "
                      "graph's name made one)"),
             cl::value_desc("name"), cl::cat(importCategory));
static cl::list<std::string>
    shapes("shape",
           cl::desc("Pin the shape of an input: NAME=1x3234x4 (repeatable)"),
           cl::value_desc("input=dims"), cl::cat(importCategory));
static cl::list<std::string> cutInputs(
    "inputs",
    cl::desc("Cut the graph: these tensors become the function's arguments"),
    cl::value_desc("tensor,..."), cl::CommaSeparated, cl::cat(importCategory));
static cl::list<std::string> cutOutputs(
    "outputs",
    cl::desc("Cut the graph: these tensors become the function's results"),
    cl::value_desc("tensor,..."), cl::CommaSeparated, cl::cat(importCategory));
static cl::opt<bool> emitOnnx(
    "emit-onnx",
    cl::desc("Write the graph as read, one onnx.node per node, without "
             "converting it (detect-opt --convert-onnx-to-detect does that)"),
    cl::cat(importCategory));
static cl::opt<bool> emitBytecode("emit-bytecode",
                                  cl::desc("Write MLIR bytecode"),
                                  cl::cat(importCategory));
static cl::opt<int64_t> resourceThreshold(
    "resource-threshold",
    cl::desc(
        "Constants with more elements become dense resources (default 256)"),
    cl::init(256), cl::cat(importCategory));

/// A C identifier: the function is called by that name from C.
static bool isCIdentifier(StringRef s) {
  return !s.empty() && (isAlpha(s[0]) || s[0] == '_') &&
         llvm::all_of(s, [](char c) { return isAlnum(c) || c == '_'; });
}

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  cl::HideUnrelatedOptions(importCategory);
  cl::ParseCommandLineOptions(argc, argv, "detect-mlir ONNX importer\n");

  if (!funcName.empty() && !isCIdentifier(funcName)) {
    errs() << "detect-import-onnx: error: --name '" << funcName
           << "' is not a C identifier (letters, digits and _, not starting "
              "with a digit)\n";
    return 1;
  }
  detect::OnnxImportOptions options;
  options.functionName = funcName;
  options.cutInputs.assign(cutInputs.begin(), cutInputs.end());
  options.cutOutputs.assign(cutOutputs.begin(), cutOutputs.end());
  options.resourceThreshold = resourceThreshold;
  options.convert = !emitOnnx;
  for (const std::string &s : shapes) {
    std::string name;
    SmallVector<int64_t> dims;
    if (!detect::parseShapeOption(s, name, dims)) {
      errs() << "detect-import-onnx: error: --shape '" << s
             << "' is not of the form NAME=1x2x3\n";
      return 1;
    }
    options.shapes.emplace_back(name, dims);
  }

  auto buffer = MemoryBuffer::getFileOrSTDIN(inputFile, /*IsText=*/false);
  if (!buffer) {
    errs() << inputFile
           << ": error: cannot read the file: " << buffer.getError().message()
           << "\n";
    return 1;
  }

  mlir::MLIRContext context;
  std::vector<std::string> errors;
  auto module = detect::importOnnxModel((*buffer)->getBuffer(), inputFile,
                                        context, options, errors);
  if (!module) {
    for (const std::string &e : errors)
      errs() << e << "\n";
    if (errors.empty())
      errs() << inputFile << ": error: import failed\n";
    return 1;
  }

  std::string err;
  auto out = mlir::openOutputFile(outputFile, &err);
  if (!out) {
    errs() << "detect-import-onnx: error: " << err << "\n";
    return 1;
  }
  if (emitBytecode) {
    if (mlir::failed(mlir::writeBytecodeToFile(*module, out->os()))) {
      errs() << "detect-import-onnx: error: cannot write bytecode\n";
      return 1;
    }
  } else {
    module->print(out->os());
  }
  out->keep();
  return 0;
}
