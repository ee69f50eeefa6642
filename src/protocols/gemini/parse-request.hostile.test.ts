import { describeHostileBodies, type HostileCase } from '../shared/test-describe-hostile-bodies.js';
import { parseRequest } from './parse-request.js';

/* Hostile request bodies: each must fail with a validation_error naming the field, never a TypeError. */

const c = (parts: unknown) => ({ contents: [{ role: 'user', parts }] });
const MUST_BE_OBJECT = 'The request body must be a JSON object';

const HOSTILE: HostileCase[] = [
  ['null body', null, undefined, MUST_BE_OBJECT],
  ['array body', [c([{ text: 'x' }])], undefined, MUST_BE_OBJECT],
  ['string body', '{"contents":[]}', undefined, MUST_BE_OBJECT],
  ["no contents", {}, "contents", "'contents' is required"],
  ["contents string", { contents: 'hi' }, "contents", "'contents' must be an array of contents"],
  ["empty contents", { contents: [] }, "contents", "'contents' must be a non-empty array of contents"],
  ["null content", { contents: [null] }, "contents[0]", "'contents[0]' must be an object"],
  ["content without parts", { contents: [{ role: 'user' }] }, "contents[0].parts", "'contents[0].parts' is required"],
  ["bad role", { contents: [{ role: 'wizard', parts: [] }] }, "contents[0].role", "Invalid value for 'contents[0].role': expected one of user, model"],
  ["parts object", { contents: [{ parts: {} }] }, "contents[0].parts", "'contents[0].parts' must be an array of parts"],
  ["null part", c([null]), "contents[0].parts[0]", "'contents[0].parts[0]' must be an object"],
  ["text number", c([{ text: 1 }]), "contents[0].parts[0].text", "'contents[0].parts[0].text' must be a string"],
  ["inlineData no mime", c([{ inlineData: { data: 'x' } }]), "contents[0].parts[0].inlineData.mimeType", "'contents[0].parts[0].inlineData.mimeType' is required"],
  ["inlineData string", c([{ inlineData: 'x' }]), "contents[0].parts[0].inlineData", "'contents[0].parts[0].inlineData' must be an object"],
  ["fileData no uri", c([{ fileData: { mimeType: 'image/png' } }]), "contents[0].parts[0].fileData.fileUri", "'contents[0].parts[0].fileData.fileUri' is required"],
  ["functionCall no name", c([{ functionCall: { args: {} } }]), "contents[0].parts[0].functionCall.name", "'contents[0].parts[0].functionCall.name' is required"],
  ["functionCall args array", c([{ functionCall: { name: 'f', args: [] } }]), "contents[0].parts[0].functionCall.args", "'contents[0].parts[0].functionCall.args' must be a JSON object"],
  ["functionResponse response string", c([{ functionResponse: { name: 'f', response: 'x' } }]), "contents[0].parts[0].functionResponse.response", "'contents[0].parts[0].functionResponse.response' must be a JSON object"],
  ["thought string", c([{ text: 'x', thought: 'yes' }]), "contents[0].parts[0].thought", "'contents[0].parts[0].thought' must be a boolean"],
  ["systemInstruction number", { ...c([{ text: 'x' }]), systemInstruction: 5 }, "systemInstruction", "'systemInstruction' must be a content object or a string"],
  ["tools object", { ...c([{ text: 'x' }]), tools: {} }, "tools", "'tools' must be an array of tools"],
  ["functionDeclarations object", { ...c([{ text: 'x' }]), tools: [{ functionDeclarations: {} }] }, "tools[0].functionDeclarations", "'tools[0].functionDeclarations' must be an array of function declarations"],
  ["declaration no name", { ...c([{ text: 'x' }]), tools: [{ functionDeclarations: [{ description: 'd' }] }] }, "tools[0].functionDeclarations[0].name", "'tools[0].functionDeclarations[0].name' is required"],
  ["parameters array", { ...c([{ text: 'x' }]), tools: [{ functionDeclarations: [{ name: 'f', parameters: [] }] }] }, "tools[0].functionDeclarations[0].parameters", "'tools[0].functionDeclarations[0].parameters' must be a JSON object"],
  ["bad mode", { ...c([{ text: 'x' }]), toolConfig: { functionCallingConfig: { mode: 'ALWAYS' } } }, "toolConfig.functionCallingConfig.mode", "Invalid value for 'toolConfig.functionCallingConfig.mode': expected one of AUTO, ANY, NONE, VALIDATED"],
  ["temperature", { ...c([{ text: 'x' }]), generationConfig: { temperature: 3 } }, "generationConfig.temperature", "'generationConfig.temperature' must be a number between 0 and 2"],
  ["topK zero", { ...c([{ text: 'x' }]), generationConfig: { topK: 0 } }, "generationConfig.topK", "'generationConfig.topK' must be a positive integer"],
  ["maxOutputTokens fraction", { ...c([{ text: 'x' }]), generationConfig: { maxOutputTokens: 1.5 } }, "generationConfig.maxOutputTokens", "'generationConfig.maxOutputTokens' must be a positive integer"],
  ["candidateCount 9", { ...c([{ text: 'x' }]), generationConfig: { candidateCount: 9 } }, "generationConfig.candidateCount", "'generationConfig.candidateCount' must be an integer between 1 and 8"],
  ["stopSequences string", { ...c([{ text: 'x' }]), generationConfig: { stopSequences: 'x' } }, "generationConfig.stopSequences", "'generationConfig.stopSequences' must be an array of strings"],
  ["thinkingBudget -2", { ...c([{ text: 'x' }]), generationConfig: { thinkingConfig: { thinkingBudget: -2 } } }, "generationConfig.thinkingConfig.thinkingBudget", "'generationConfig.thinkingConfig.thinkingBudget' must be -1 (dynamic) or a non-negative integer"],
  ["thinkingLevel bad", { ...c([{ text: 'x' }]), generationConfig: { thinkingConfig: { thinkingLevel: 'ULTRA' } } }, "generationConfig.thinkingConfig.thinkingLevel", "Invalid value for 'generationConfig.thinkingConfig.thinkingLevel': expected one of MINIMAL, LOW, MEDIUM, HIGH"],
  ["responseSchema array", { ...c([{ text: 'x' }]), generationConfig: { responseSchema: [] } }, "generationConfig.responseSchema", "'generationConfig.responseSchema' must be a JSON object"],
  ["safetySettings object", { ...c([{ text: 'x' }]), safetySettings: {} }, "safetySettings", "'safetySettings' must be an array of safety settings"],
  ["generationConfig string", { ...c([{ text: 'x' }]), generationConfig: 'x' }, "generationConfig", "'generationConfig' must be an object"],
];

/** A valid body whose nodes the fuzz test replaces with junk, one per round. */
const TEMPLATE = {
  systemInstruction: { parts: [{ text: 'Be brief.' }] },
  contents: [
    { role: 'user', parts: [{ text: 'x' }, { inlineData: { mimeType: 'image/png', data: 'iVBOR' } }, { fileData: { mimeType: 'video/mp4', fileUri: 'https://x/y' } }] },
    { role: 'model', parts: [{ text: 'hmm', thought: true }, { functionCall: { name: 'f', args: { a: 1 } }, thoughtSignature: 'sig' }] },
    { role: 'user', parts: [{ functionResponse: { name: 'f', response: { output: 'r' } } }] },
  ],
  tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT', properties: { a: { type: 'INTEGER' } } } }] }, { googleSearch: {} }],
  toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } },
  generationConfig: { temperature: 1, maxOutputTokens: 100, stopSequences: ['a'], responseMimeType: 'application/json', responseSchema: { type: 'OBJECT' }, thinkingConfig: { thinkingBudget: -1, includeThoughts: true } },
  safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
};

describeHostileBodies((body) => parseRequest(body, { model: 'gemini-2.5-flash' }), HOSTILE, { template: TEMPLATE, rounds: 500, seed: 42, maxDepth: 7 });
