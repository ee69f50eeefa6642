import type { NativePart, Part, PartExtensions } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';

type Json = Record<string, unknown>;

/** The data fields of a part this gateway reads; a part with none of them is kept whole (native). */
const DATA_FIELDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse'] as const;
/** Fields of a part that are not its data: metadata kept for a Gemini peer. */
const META_FIELDS: ReadonlySet<string> = new Set(['thought', 'thoughtSignature']);

/** Where a function call's id comes from when the part has none (Gemini's API does not send ids). */
export type CallIdOf = (call: Json) => string;

/**
 * One Gemini part → canonical parts (none for an empty part). `thoughtSignature` travels in the
 * part's gemini extensions, so a Gemini upstream gets it back on the same part next turn; a part
 * with only a signature (Gemini's last stream chunk) becomes an empty text part carrying it.
 * A part this gateway does not translate (executableCode, codeExecutionResult, …) is native.
 */
export function parsePart(p: Json, callId: CallIdOf, resultId: (response: Json) => string): Part[] {
  const signature = typeof p.thoughtSignature === 'string' && p.thoughtSignature !== '' ? p.thoughtSignature : undefined;
  const extensions: PartExtensions | undefined = signature ? { protocol: 'gemini', fields: { thoughtSignature: signature } } : undefined;
  const withExt = <T extends Part>(part: T): T => (extensions && part.type !== 'native' ? { ...part, extensions } : part);
  const unknown = Object.keys(p).some((k) => !META_FIELDS.has(k) && !(DATA_FIELDS as readonly string[]).includes(k));
  if (unknown) return [native(p)];
  if (isRecord(p.functionCall)) {
    const call = p.functionCall;
    return [withExt({ type: 'tool-call', id: callId(call), name: String(call.name ?? ''), arguments: JSON.stringify(isRecord(call.args) ? call.args : {}) })];
  }
  if (isRecord(p.functionResponse)) {
    const r = p.functionResponse;
    const response = isRecord(r.response) ? r.response : {};
    const isError = 'error' in response && !('output' in response);
    return [withExt({ type: 'tool-result', toolCallId: resultId(r), content: [{ type: 'text', text: JSON.stringify(response) }], ...(isError ? { isError } : {}) })];
  }
  if (isRecord(p.inlineData)) {
    const mediaType = String(p.inlineData.mimeType ?? '');
    const data = String(p.inlineData.data ?? '');
    return [withExt(mediaType.startsWith('image/') ? { type: 'image', data, mediaType } : { type: 'file', data, mediaType })];
  }
  if (isRecord(p.fileData)) {
    const url = String(p.fileData.fileUri ?? '');
    const mediaType = typeof p.fileData.mimeType === 'string' && p.fileData.mimeType !== '' ? p.fileData.mimeType : undefined;
    return [withExt(mediaType?.startsWith('image/') ? { type: 'image', url, mediaType } : { type: 'file', url, ...(mediaType ? { mediaType } : {}) })];
  }
  if (typeof p.text === 'string') {
    // A thought is marked as Gemini's (signed or not) so that a Gemini upstream gets it back in place.
    if (p.thought === true) return [{ type: 'reasoning', text: p.text, extensions: extensions ?? { protocol: 'gemini', fields: {} } }];
    if (p.text === '' && !signature) return [];
    return [withExt({ type: 'text', text: p.text })];
  }
  if (signature) return [withExt({ type: 'text', text: '' })];
  return [];
}

function native(block: Json): NativePart {
  return { type: 'native', protocol: 'gemini', block };
}
