//===- OnnxOps.td - ONNX graphs as read from the file ------*- tablegen -*-===//
//
// Part of detect-mlir. The `onnx` dialect: an ONNX graph as the reader found
// it, one generic op per node, before `convert-onnx-to-detect` gives every
// value a static shape and lowers it.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_ONNX_IR_ONNXOPS_TD
#define DETECT_DIALECT_ONNX_IR_ONNXOPS_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Onnx_Dialect : Dialect {
  let name = "onnx";
  let cppNamespace = "::mlir::detect::onnx";
  let summary = "ONNX graphs as read from the file: one generic op per node";
  let description = [{
    The first form of an imported ONNX model. `detect-import-onnx` reads the
    protobuf file (initializers, inputs, nodes, subgraphs, names) and writes
    one `onnx.node` per node, in the graph's order, without interpreting any
    op: the node's op type is a string and its ONNX attributes a dictionary.
    Values computed by nodes have the type `!onnx.value`: their shapes are
    unknown until the conversion computes them.

    `convert-onnx-to-detect` then lowers the nodes in order to `detect`,
    `linalg`, `tensor`, `arith`, `math` and `scf` ops with static shapes
    (docs/Import.md). Because the generic form is ordinary IR, every op's
    lowering is tested as IR in, IR out (test/Conversion/OnnxToDetect), and
    `detect-opt` runs the conversion on hand-written graphs.

    What the conversion knows of a value beyond its static shape is IR as
    well: `onnx.bounded` carries the run-time length of a data-dependent
    axis and the element bounds of run-time shape vectors.
  }];
  let useDefaultTypePrinterParser = 1;
}

class Onnx_Op<string mnemonic, list<Trait> traits = []>
    : Op<Onnx_Dialect, mnemonic, traits>;

def Onnx_ValueType : TypeDef<Onnx_Dialect, "Value"> {
  let mnemonic = "value";
  let summary = "an ONNX tensor whose type the conversion has not computed yet";
}

def Onnx_NodeOp : Onnx_Op<"node"> {
  let summary = "one ONNX node, uninterpreted";
  let description = [{
    A node of the graph: `op_type` is the ONNX op type of the default
    domain, `node_attributes` its attributes, read as

    | ONNX attribute | attribute |
    |---|---|
    | INT | `i64` integer |
    | FLOAT | `f32` float |
    | STRING | string |
    | INTS | `array<i64: ...>` |
    | FLOATS | `array<f32: ...>` |
    | STRINGS | array of strings |
    | TENSOR | dense elements |
    | GRAPH | a region of the op, named in the same order by `subgraph_names` |
    | others | `unit` (refused by the ops that read them) |

    Operands are the node's inputs in order; an omitted optional input is
    the result of `onnx.none`. A GRAPH attribute (the branches of `If`) is a
    region whose block ends with `onnx.yield` of the subgraph's outputs; it
    reads the values of the enclosing graph directly.

    `name` is the node's name, or absent when the file leaves it empty;
    then `index`, the node's position in its graph, names it in errors.
    `result_names` are the ONNX names of the outputs and
    `declared_types` their types as the file's value_info declares them
    (`none`: not declared; `?`: a symbolic dimension): the conversion
    checks what it computes against them.

    ```mlir
    %sel:2 = onnx.node "TopK"(%scores, %k) {axis = -1 : i64, largest = 1 : i64}
        : (!onnx.value, tensor<1xi64>) -> (!onnx.value, !onnx.value)
        attributes {name = "topk_3", result_names = ["values", "indices"]}
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$operands, StrAttr:$op_type,
                   DefaultValuedAttr<DictionaryAttr, "{}">:$node_attributes,
                   OptionalAttr<StrAttr>:$name, OptionalAttr<I64Attr>:$index,
                   OptionalAttr<StrArrayAttr>:$subgraph_names,
                   OptionalAttr<StrArrayAttr>:$result_names,
                   OptionalAttr<TypeArrayAttr>:$declared_types);
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region VariadicRegion<SizedRegion<1>>:$subgraphs);
  let assemblyFormat = [{
    $op_type `(` $operands `)` ($node_attributes^)? `:`
    functional-type($operands, $results) (`subgraphs` $subgraphs^)?
    attr-dict-with-keyword
  }];
  let hasVerifier = 1;
}

def Onnx_YieldOp : Onnx_Op<"yield", [Pure, Terminator,
                                     HasParent<"NodeOp">]> {
  let summary = "the outputs of a subgraph (an If branch)";
  let arguments = (ins Variadic<AnyType>:$outputs);
  let assemblyFormat = "attr-dict ($outputs^ `:` type($outputs))?";
}

def Onnx_NoneOp : Onnx_Op<"none", [Pure]> {
  let summary = "an omitted optional input";
  let description = [{
    ONNX spells an optional input that is left out as an empty name; its
    place among the node's operands is taken by this op's result.
  }];
  let results = (outs NoneType:$result);
  let assemblyFormat = "attr-dict";
}

def Onnx_PlaceholderOp : Onnx_Op<"placeholder", [Pure]> {
  let summary = "a graph input that a cut graph reads for its shape only";
  let description = [{
    When `--inputs` cuts a graph, the graph inputs it does not take are
    placeholders of their declared type: Shape may read them (torchvision
    rescales boxes by the image's size), nothing may read their values.
    The conversion refuses a graph whose outputs still read one.
  }];
  let arguments = (ins StrAttr:$input_name);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input_name attr-dict `:` type($result)";
}

def Onnx_BoundedOp : Onnx_Op<"bounded", [Pure,
    AllTypesMatch<["input", "result"]>]> {
  let summary = "what the conversion knows of a value computed at run time";
  let description = [{
    The conversion's value model, as IR (docs/Import.md, "Data-dependent
    lengths"):
    - `length` along `axis`: the number of valid rows of a value whose
      static size along `axis` is only its capacity (the boxes NMS keeps,
      the nonzero elements, a TopK with a run-time k). Rows past the length
      hold unspecified values.
    - `bounds` and `exact`: for a small non-negative integer tensor computed
      at run time from shapes (the Shape of a value with a run-time length),
      an upper bound of each element and whether it is known exactly. A
      value whose size is computed from it gets the bound as its capacity.

    The result is the input; the conversion removes these ops when it is
    done, and the function returns each length as an `i64` result.

    ```mlir
    %kept = onnx.bounded %rows length(%count) {axis = 0 : i64}
        : tensor<300x3xi64>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, Optional<Index>:$length,
                   OptionalAttr<I64Attr>:$axis,
                   OptionalAttr<DenseI64ArrayAttr>:$bounds,
                   OptionalAttr<DenseBoolArrayAttr>:$exact);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $input (`length` `(` $length^ `)`)? attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

#endif // DETECT_DIALECT_ONNX_IR_ONNXOPS_TD
