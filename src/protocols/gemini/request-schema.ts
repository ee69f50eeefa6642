import { z } from 'zod';
import { bool, expected, integerAtLeast, integerBetween, jsonObject, must, nonEmptyStr, numberBetween, str } from '../shared/field-schemas.js';

/*
 * The zod schema of a Gemini `generateContent` request body (what @google/genai and the REST API
 * send), compiled once at module load. Every error message is a predicate phrase
 * (shared/field-schemas.ts). Optional fields accept null as "absent". A part is a loose object:
 * the data fields this gateway translates are checked, any other (executableCode,
 * codeExecutionResult, videoMetadata, …) is kept for a Gemini upstream.
 */

export const partSchema = z.looseObject(
  {
    text: str().nullish(),
    thought: bool().nullish(),
    thoughtSignature: str().nullish(),
    inlineData: z.object({ mimeType: nonEmptyStr(), data: str() }, must('an object with mimeType and data')).nullish(),
    fileData: z.object({ mimeType: str().nullish(), fileUri: nonEmptyStr() }, must('an object with fileUri')).nullish(),
    functionCall: z.object({ id: str().nullish(), name: nonEmptyStr(), args: jsonObject().nullish() }, must('an object with name')).nullish(),
    functionResponse: z.looseObject({ id: str().nullish(), name: nonEmptyStr(), response: jsonObject().nullish() }, must('an object with name')).nullish(),
  },
  must('a part object'),
);

export const contentSchema = z.object(
  {
    role: z.enum(['user', 'model', 'function', 'system'], expected('one of user, model')).nullish(),
    parts: z.array(partSchema, must('an array of parts')),
  },
  must('a content object with parts'),
);

const functionDeclaration = z.looseObject(
  {
    name: nonEmptyStr(),
    description: str().nullish(),
    parameters: jsonObject().nullish(),
    parametersJsonSchema: jsonObject().nullish(),
  },
  must('a function declaration with a name'),
);

/** A tool: function declarations, or a hosted tool (googleSearch, codeExecution, urlContext, …) kept for a Gemini upstream. */
export const toolSchema = z.looseObject({ functionDeclarations: z.array(functionDeclaration, must('an array of function declarations')).nullish() }, must('a tool object'));

const functionCallingConfig = z.looseObject({
  mode: z.enum(['AUTO', 'ANY', 'NONE', 'VALIDATED', 'MODE_UNSPECIFIED'], expected('one of AUTO, ANY, NONE, VALIDATED')).nullish(),
  allowedFunctionNames: z.array(nonEmptyStr(), must('an array of function names')).nullish(),
});

const thinkingConfig = z.looseObject(
  {
    includeThoughts: bool().nullish(),
    thinkingBudget: z.int(must('an integer')).min(-1, must('-1 (dynamic) or a non-negative integer')).nullish(),
    thinkingLevel: z.enum(['THINKING_LEVEL_UNSPECIFIED', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH', 'minimal', 'low', 'medium', 'high'], expected('one of MINIMAL, LOW, MEDIUM, HIGH')).nullish(),
  },
  must('an object'),
);

export const generationConfigSchema = z.looseObject(
  {
    temperature: numberBetween(0, 2).nullish(),
    topP: numberBetween(0, 1).nullish(),
    topK: integerAtLeast(1).nullish(),
    candidateCount: integerBetween(1, 8).nullish(),
    maxOutputTokens: integerAtLeast(1).nullish(),
    stopSequences: z.array(str(), must('an array of strings')).max(16, must('at most 16 stop sequences')).nullish(),
    presencePenalty: numberBetween(-2, 2).nullish(),
    frequencyPenalty: numberBetween(-2, 2).nullish(),
    seed: z.int(must('an integer')).nullish(),
    responseMimeType: str().nullish(),
    responseSchema: jsonObject().nullish(),
    responseJsonSchema: jsonObject().nullish(),
    thinkingConfig: thinkingConfig.nullish(),
  },
  must('an object'),
);

export const requestSchema = z.object({
  /** Accepted in the body for clients that send it there; the path's model wins. */
  model: str().nullish(),
  contents: z.array(contentSchema, must('an array of contents')).min(1, must('a non-empty array of contents')),
  systemInstruction: z.union([contentSchema.extend({ role: z.string().nullish() }), str()], must('a content object or a string')).nullish(),
  tools: z.array(toolSchema, must('an array of tools')).nullish(),
  toolConfig: z.looseObject({ functionCallingConfig: functionCallingConfig.nullish() }, must('an object')).nullish(),
  generationConfig: generationConfigSchema.nullish(),
  safetySettings: z.array(jsonObject(), must('an array of safety settings')).nullish(),
  cachedContent: str().nullish(),
  labels: jsonObject().nullish(),
});

export type GeminiRequestBody = z.output<typeof requestSchema>;
export type GeminiPart = z.output<typeof partSchema>;
export type GeminiContent = z.output<typeof contentSchema>;
export type GeminiGenerationConfig = z.output<typeof generationConfigSchema>;

export const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(requestSchema.shape));
/** The generationConfig fields the canonical request carries; others are kept for a Gemini upstream. */
export const TRANSLATED_CONFIG: ReadonlySet<string> = new Set(Object.keys(generationConfigSchema.shape));
