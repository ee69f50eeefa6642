/**
 * Writes every input into a TransformStream, closes it and collects everything it outputs, reading
 * while writing so backpressure cannot stall. For tests of the stream converters.
 */
export async function runTransform<I, O>(stream: TransformStream<I, O>, inputs: readonly I[]): Promise<O[]> {
  const writer = stream.writable.getWriter();
  const reading = (async () => {
    const out: O[] = [];
    for await (const chunk of stream.readable as unknown as AsyncIterable<O>) out.push(chunk);
    return out;
  })();
  for (const input of inputs) await writer.write(input);
  await writer.close();
  return reading;
}
