/**
 * A small ONNX graph builder on onnx-proto (the ONNX 1.10 protobuf schema, CommonJS: default
 * import). Nodes, float/int64 initializers, typed inputs/outputs with symbolic dimensions,
 * serialised as a ModelProto at opset 17.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export const OPSET = 17;
/** ONNX TensorProto.DataType values used here. */
export const ELEM_FLOAT = 1;
export const ELEM_INT64 = 7;

export type AttributeValue =
  | { int: number }
  | { ints: number[] }
  | { float: number }
  | { floats: number[] }
  | { string: string }
  | { strings: string[] };

function attribute(name: string, value: AttributeValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  const text = new TextEncoder();
  if ('int' in value) return { name, type: T.INT, i: value.int };
  if ('ints' in value) return { name, type: T.INTS, ints: value.ints };
  if ('float' in value) return { name, type: T.FLOAT, f: value.float };
  if ('floats' in value) return { name, type: T.FLOATS, floats: value.floats };
  if ('string' in value) return { name, type: T.STRING, s: text.encode(value.string) };
  return { name, type: T.STRINGS, strings: value.strings.map((s) => text.encode(s)) };
}

/** A dimension: a number, or a name for a dimension known only at run time. */
export type Dim = number | string;

function valueInfo(name: string, elemType: number, dims: readonly Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

export class OnnxGraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly initializerNames = new Set<string>();
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(readonly graphName: string) {}

  /** A fresh value name starting with `hint`. */
  fresh(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_.]/g, '_');
    let name = base;
    while (this.used.has(name)) name = `${base}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  hasInitializer(name: string): boolean {
    return this.initializerNames.has(name);
  }

  addFloatInitializer(name: string, values: Float32Array, dims: readonly number[]): string {
    const size = dims.reduce((a, d) => a * d, 1);
    if (size !== values.length) throw new Error(`initializer ${name}: ${values.length} values for dims [${dims.join(', ')}]`);
    this.used.add(name);
    this.initializerNames.add(name);
    const raw = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    this.initializers.push({ name, dataType: ELEM_FLOAT, dims: [...dims], rawData: raw });
    return name;
  }

  addInt64Initializer(name: string, values: readonly number[]): string {
    this.used.add(name);
    this.initializerNames.add(name);
    const raw = new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer);
    this.initializers.push({ name, dataType: ELEM_INT64, dims: [values.length], rawData: raw });
    return name;
  }

  addNode(opType: string, inputs: readonly string[], outputCount = 1, attributes: Record<string, AttributeValue> = {}, outputHint = opType.toLowerCase()): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.fresh(outputHint));
    this.nodes.push({
      opType,
      name: this.fresh(`${opType}_node`),
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }

  addInput(name: string, dims: readonly Dim[], elemType = ELEM_FLOAT): string {
    this.used.add(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Marks `value` as graph output `name` (through an Identity node when the names differ). */
  addOutput(name: string, value: string, dims: readonly Dim[], elemType = ELEM_FLOAT): void {
    if (value !== name) {
      this.used.add(name);
      this.nodes.push({ opType: 'Identity', name: this.fresh('Identity_out'), input: [value], output: [name], attribute: [] });
    }
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  toBytes(docString = ''): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: 'divejudge-training',
      producerVersion: '1',
      docString,
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  nodeCount(): number {
    return this.nodes.length;
  }
}
