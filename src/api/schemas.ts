// zod schemas for the Voice AI responses, written from the OpenAPI spec
// (test/api-server/spec/voice-ai.json) and the quirks in api-notes.
//
// Policy: the spec is the truth about shapes, but real responses and even the spec's
// own examples deviate from it. So only what the extension cannot work without is
// required (a call log's id, agentId, createdAt and duration; an agent's id and name);
// everything else is typed but optional, `null` is read as "absent", and unknown keys
// are kept (loose objects) so that nothing the server sends is lost, e.g. in exports.
// A value of the wrong type is still an error: it names the field path.
import * as z from 'zod';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Optional field that also accepts `null` (read as absent). */
function opt<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema.optional());
}

/**
 * A list's `total`: the spec types it only as `number`, so a fraction or a negative number is
 * spec-valid. Such a total is unknown (undefined), and the items of the answer are kept.
 */
const listTotal = z.number().transform((n) => (Number.isInteger(n) && n >= 0 ? n : undefined));

/** Required-by-spec field that we can do without: absent or null becomes `fallback`. */
function withDefault<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
  return z.preprocess((v) => (v === null || v === undefined ? fallback : v), schema);
}

/** ISO 8601 date-time as a string that Date can read. */
const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO date-time string' });

/** The spec's examples use `_id` where the schema says `id`: accept either. */
function aliasId(value: unknown): unknown {
  if (isRecord(value) && value.id === undefined && value._id !== undefined) return { ...value, id: value._id };
  return value;
}

const stringList = z.array(z.string());

// ---- Action parameters, one schema per action type --------------------------------
// Fields the spec marks required are optional here: its own examples omit some
// (a call-transfer without triggerPrompt), and a missing detail must not hide a call.

export const CallTransferParametersSchema = z.looseObject({
  triggerPrompt: opt(z.string()),
  transferToType: opt(z.string()), // spec: only "number" so far
  transferToValue: opt(z.string()),
  triggerMessage: opt(z.string()),
  hearWhisperMessage: opt(z.boolean()),
});

export const DataExtractionParametersSchema = z.looseObject({
  contactFieldId: opt(z.string()),
  description: opt(z.string()),
  examples: opt(stringList),
  overwriteExistingValue: opt(z.boolean()),
});

export const InCallDataExtractionParametersSchema = DataExtractionParametersSchema;

export const WorkflowTriggerParametersSchema = z.looseObject({
  triggerPrompt: opt(z.string()),
  triggerMessage: opt(z.string()),
  workflowId: opt(z.string()),
});

export const SmsParametersSchema = z.looseObject({
  triggerPrompt: opt(z.string()),
  triggerMessage: opt(z.string()),
  messageBody: opt(z.string()),
});

export const AppointmentBookingParametersSchema = z.looseObject({
  calendarId: opt(z.string()),
  daysOfOfferingDates: opt(z.number()),
  slotsPerDay: opt(z.number()),
  hoursBetweenSlots: opt(z.number()),
});

export const CustomActionHeaderSchema = z.looseObject({ key: z.string(), value: opt(z.string()) });

export const CustomActionParameterSchema = z.looseObject({
  name: z.string(),
  description: opt(z.string()),
  type: opt(z.string()),
  example: opt(z.string()),
});

export const CustomActionApiDetailsSchema = z.looseObject({
  url: opt(z.string()),
  method: opt(z.string()), // spec: GET | POST
  authenticationRequired: opt(z.boolean()),
  authenticationValue: opt(z.string()),
  headers: opt(z.array(CustomActionHeaderSchema)),
  parameters: opt(z.array(CustomActionParameterSchema)),
});

export const CustomActionParametersSchema = z
  .looseObject({
    triggerPrompt: opt(z.string()),
    triggerMessage: opt(z.string()),
    apiDetails: opt(CustomActionApiDetailsSchema),
    selectedPaths: opt(stringList),
    // The spec's examples use this name for selectedPaths.
    responsePathsToExtract: opt(stringList),
  })
  // Consumers read selectedPaths only; the original key is kept as well.
  .transform((p) => (p.selectedPaths === undefined && p.responsePathsToExtract !== undefined ? { ...p, selectedPaths: p.responsePathsToExtract } : p));

export const KnowledgeBaseParametersSchema = z.looseObject({
  triggerPrompt: opt(z.string()),
  knowledgeBaseId: opt(z.string()),
  // Not in the schema, but in the spec's example.
  triggerMessage: opt(z.string()),
  parameters: opt(z.array(CustomActionParameterSchema)),
});

/** Parameters of an action type this client does not know yet: kept as they are. */
export const GenericActionParametersSchema = z.record(z.string(), z.unknown());

/**
 * The action types the API documents, each with the schema of its parameters: the one list of
 * action types. Their labels, words, icons and parameter rows are in src/shared/actionTypes.ts,
 * typed by this list (zod stays out of the webview bundle).
 */
export const ACTION_PARAMETER_SCHEMAS = {
  CALL_TRANSFER: CallTransferParametersSchema,
  DATA_EXTRACTION: DataExtractionParametersSchema,
  IN_CALL_DATA_EXTRACTION: InCallDataExtractionParametersSchema,
  WORKFLOW_TRIGGER: WorkflowTriggerParametersSchema,
  SMS: SmsParametersSchema,
  APPOINTMENT_BOOKING: AppointmentBookingParametersSchema,
  CUSTOM_ACTION: CustomActionParametersSchema,
  KNOWLEDGE_BASE: KnowledgeBaseParametersSchema,
} as const satisfies Record<string, z.ZodType>;

export type ActionType = keyof typeof ACTION_PARAMETER_SCHEMAS;
export const ACTION_TYPES = Object.keys(ACTION_PARAMETER_SCHEMAS) as readonly ActionType[];

export function isKnownActionType(value: string): value is ActionType {
  return Object.hasOwn(ACTION_PARAMETER_SCHEMAS, value);
}

export type ActionParametersByType = { [T in ActionType]: z.output<(typeof ACTION_PARAMETER_SCHEMAS)[T]> };
export type CallTransferParameters = ActionParametersByType['CALL_TRANSFER'];
export type DataExtractionParameters = ActionParametersByType['DATA_EXTRACTION'];
export type WorkflowTriggerParameters = ActionParametersByType['WORKFLOW_TRIGGER'];
export type SmsParameters = ActionParametersByType['SMS'];
export type AppointmentBookingParameters = ActionParametersByType['APPOINTMENT_BOOKING'];
export type CustomActionParameters = ActionParametersByType['CUSTOM_ACTION'];
export type KnowledgeBaseParameters = ActionParametersByType['KNOWLEDGE_BASE'];
export type GenericActionParameters = Record<string, unknown>;

// ---- Executed call action ------------------------------------------------------------

const callActionFields = {
  actionId: opt(z.string()),
  actionName: opt(z.string()),
  executedAt: opt(dateTime),
  triggerReceivedAt: opt(dateTime),
};
const CallActionBaseSchema = z.looseObject({ ...callActionFields, actionType: z.string(), actionParameters: z.unknown().optional() });
// The fields besides the two that the union below types, and any other key. (An Omit over the
// loose object's type would keep only its index signature: every field `unknown`.)
type CallActionBase = { [key: string]: unknown } & { [K in keyof typeof callActionFields]?: z.output<(typeof callActionFields)[K]> };

/** An executed action of a known type, with its parameters typed for that type. */
export type KnownCallAction = {
  [T in ActionType]: CallActionBase & { actionType: T; actionParameters: ActionParametersByType[T] };
}[ActionType];
/** An executed action of a type the spec does not list (yet): render it generically. */
export type UnknownCallAction = CallActionBase & { actionType: string; actionParameters: GenericActionParameters };
export type CallAction = KnownCallAction | UnknownCallAction;

/** Narrows an action to a known type (a plain `===` cannot, because of the generic fallback). */
export function isActionOfType<T extends ActionType>(
  action: CallAction,
  type: T,
): action is Extract<KnownCallAction, { actionType: T }> {
  return action.actionType === type;
}

/** An executed action's id is `actionId`; like the other objects, it may come as `_id`. */
function aliasActionId(value: unknown): unknown {
  if (isRecord(value) && value.actionId == null && typeof value._id === 'string') return { ...value, actionId: value._id };
  return value;
}

export const CallActionSchema = z.preprocess(aliasActionId, CallActionBaseSchema).transform((action, ctx): CallAction => {
  const raw = action.actionParameters ?? {};
  const schema: z.ZodType = isKnownActionType(action.actionType)
    ? ACTION_PARAMETER_SCHEMAS[action.actionType]
    : GenericActionParametersSchema;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.issues.push({ code: 'custom', message: issue.message, input: raw, path: ['actionParameters', ...issue.path] });
    }
    return z.NEVER;
  }
  return { ...action, actionParameters: parsed.data } as CallAction;
});

// ---- Call log --------------------------------------------------------------------------

export const TranslationSchema = z.looseObject({
  enabled: opt(z.boolean()),
  language: opt(z.string()),
  // In the spec's example, not in its schema.
  translatedTranscript: opt(z.string()),
});

export const CallLogSchema = z.preprocess(
  aliasId,
  z.looseObject({
    id: z.string().min(1),
    agentId: z.string(),
    createdAt: dateTime,
    duration: z.number(),
    isAgentDeleted: withDefault(z.boolean(), false),
    trialCall: withDefault(z.boolean(), false),
    executedCallActions: withDefault(z.array(CallActionSchema), []),
    // Required by the spec, seen missing.
    summary: opt(z.string()),
    transcript: opt(z.string()),
    contactId: opt(z.string()),
    fromNumber: opt(z.string()),
    translation: opt(TranslationSchema),
    extractedData: opt(z.record(z.string(), z.unknown())),
    messageId: opt(z.string()),
    // Undocumented, seen in real responses.
    agentTransferOccurred: opt(z.boolean()),
  }),
);
export type CallLog = z.output<typeof CallLogSchema>;

export const CallLogsResponseSchema = z.looseObject({
  total: listTotal,
  // The client falls back to what it asked for when these are missing.
  page: opt(z.number()),
  pageSize: opt(z.number()),
  callLogs: z.array(CallLogSchema),
});
export type CallLogsResponse = z.output<typeof CallLogsResponseSchema>;

// ---- Agent -----------------------------------------------------------------------------

export const AgentActionSchema = z.preprocess(
  aliasId,
  z.looseObject({
    id: opt(z.string()),
    actionType: z.string(),
    name: opt(z.string()),
    actionParameters: opt(z.record(z.string(), z.unknown())),
  }),
);

export const AgentSchema = z.preprocess(
  aliasId,
  z.looseObject({
    id: z.string().min(1),
    agentName: z.string(),
    // Required by the spec but not needed to list agents or their calls.
    businessName: opt(z.string()),
    language: opt(z.string()),
    locationId: opt(z.string()),
    welcomeMessage: opt(z.string()),
    agentPrompt: opt(z.string()),
    voiceId: opt(z.string()),
    patienceLevel: opt(z.string()),
    maxCallDuration: opt(z.number()),
    sendUserIdleReminders: opt(z.boolean()),
    reminderAfterIdleTimeSeconds: opt(z.number()),
    inboundNumber: opt(z.string()),
    numberPoolId: opt(z.string()),
    callEndWorkflowIds: opt(stringList),
    sendPostCallNotificationTo: opt(z.record(z.string(), z.unknown())),
    agentWorkingHours: opt(z.array(z.record(z.string(), z.unknown()))),
    timezone: opt(z.string()),
    isAgentAsBackupDisabled: opt(z.boolean()),
    translation: opt(TranslationSchema),
    actions: opt(z.array(AgentActionSchema)),
  }),
);
export type Agent = z.output<typeof AgentSchema>;
export type AgentAction = z.output<typeof AgentActionSchema>;

export const AgentsResponseSchema = z.looseObject({
  total: listTotal,
  page: opt(z.number()),
  pageSize: opt(z.number()),
  agents: z.array(AgentSchema),
});
export type AgentsResponse = z.output<typeof AgentsResponseSchema>;

// ---- Error bodies (common-schemas.json + api-notes) -------------------------------------

export const ErrorBodySchema = z.looseObject({
  statusCode: opt(z.number()),
  message: opt(z.union([z.string(), z.array(z.string())])),
  error: opt(z.string()),
  traceId: opt(z.string()),
});
export type ErrorBody = z.output<typeof ErrorBodySchema>;
