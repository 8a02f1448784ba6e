//===- detect-import-tflite.cpp - TFLite model to MLIR --------------------===//
//
// Part of detect-mlir.
//
//   detect-import-tflite MODEL.tflite [-o OUT.mlir] [--name=FUNC]
//                        [--inputs=T,..] [--outputs=T,..] [--emit-bytecode]
//
// Prints one func.func (detect + upstream dialects, static shapes) that
// detect-opt and detect-compile take like hand-written IR. --inputs and
// --outputs cut the model at named tensors, so the post-processing of a
// whole detector compiles alone. Errors name the file and, for an
// operator, its index and op; the exit status is 1.
//
//===----------------------------------------------------------------------===//

#include "detect/Import/Tflite.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<model.tflite>"), cl::Required);
static cl::opt<std::string>
    outputFile("o", cl::desc("Output file (default: stdout)"),
               cl::value_desc("file"), cl::init("-"));
static cl::opt<std::string>
    funcName("name",
             cl::desc("Name of the function (default: the subgraph's name, or "
                      "the file's, as a C identifier)"),
             cl::value_desc("name"));
static cl::list<std::string>
    inputs("inputs",
           cl::desc("Tensors that become the arguments, in order "
                    "(default: the model's inputs)"),
           cl::CommaSeparated, cl::value_desc("tensor,.."));
static cl::list<std::string>
    outputs("outputs",
            cl::desc("Tensors that become the results, in order "
                     "(default: the model's outputs)"),
            cl::CommaSeparated, cl::value_desc("tensor,.."));
static cl::opt<bool> emitBytecode("emit-bytecode",
                                  cl::desc("Write MLIR bytecode"));
static cl::opt<int64_t> resourceThreshold(
    "resource-threshold",
    cl::desc("Constants with more elements become dense resources (default: "
             "none; the C route of detect-compile needs dense constants)"),
    cl::init(-1));

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "detect-mlir TFLite importer\n");

  detect::TfliteImportOptions options;
  options.functionName = funcName;
  options.inputs.assign(inputs.begin(), inputs.end());
  options.outputs.assign(outputs.begin(), outputs.end());
  options.resourceThreshold = resourceThreshold;

  auto buffer = MemoryBuffer::getFileOrSTDIN(inputFile, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false);
  if (!buffer) {
    errs() << inputFile
           << ": error: cannot read the file: " << buffer.getError().message()
           << "\n";
    return 1;
  }

  mlir::MLIRContext context;
  std::vector<std::string> errors;
  auto module = detect::importTfliteModel((*buffer)->getBuffer(), inputFile,
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
    errs() << "detect-import-tflite: error: " << err << "\n";
    return 1;
  }
  if (emitBytecode) {
    if (mlir::failed(mlir::writeBytecodeToFile(*module, out->os()))) {
      errs() << "detect-import-tflite: error: cannot write bytecode\n";
      return 1;
    }
  } else {
    module->print(out->os());
  }
  out->keep();
  return 0;
}
