// Deterministic sample data: agents and call logs shaped like the Voice AI spec
// (GetAgentResponseDTO, CallLogDTO), generated from a seed in code (the bundled server must not
// read files at run time).
//
// Call logs are generated lazily by index: a cheap first pass draws only what the filters and
// sorts need (time, duration, agent, call type, contact, action types) into typed arrays; the
// full call log (transcript, summary, actions...) is rebuilt from the same per-call seed when it
// is served. 100,000 calls index in well under a second and take a few MB.
import { Rng, mixSeed } from './random';
import {
  HOSTILE_IMG,
  HOSTILE_SCRIPT,
  HOSTILE_SUMMARIES,
  HOSTILE_TRANSCRIPT_LINES,
  LONG_WORD,
  ARABIC,
  HEBREW,
  EMOJI,
  HOSTILE_TEMPLATE,
  LONG_URL,
} from './hostile';

export const ACTION_TYPES = [
  'CALL_TRANSFER',
  'DATA_EXTRACTION',
  'IN_CALL_DATA_EXTRACTION',
  'WORKFLOW_TRIGGER',
  'SMS',
  'APPOINTMENT_BOOKING',
  'CUSTOM_ACTION',
  'KNOWLEDGE_BASE',
] as const;
export type SampleActionType = (typeof ACTION_TYPES)[number];

export interface SampleAgentAction {
  id: string;
  actionType: SampleActionType;
  name: string;
  actionParameters: Record<string, unknown>;
}

export interface SampleAgent {
  id: string;
  locationId: string;
  agentName: string;
  businessName: string;
  welcomeMessage: string;
  agentPrompt: string;
  voiceId: string;
  language: string;
  patienceLevel: string;
  maxCallDuration: number;
  sendUserIdleReminders: boolean;
  reminderAfterIdleTimeSeconds: number;
  inboundNumber?: string;
  numberPoolId?: string;
  callEndWorkflowIds: string[];
  sendPostCallNotificationTo: {
    admins: boolean;
    allUsers: boolean;
    contactAssignedUser: boolean;
    specificUsers: string[];
    customEmails: string[];
  };
  agentWorkingHours: { dayOfTheWeek: number; intervals: { startHour: number; endHour: number; startMinute: number; endMinute: number }[] }[];
  timezone: string;
  isAgentAsBackupDisabled: boolean;
  translation: { enabled: boolean; language?: string };
  actions: SampleAgentAction[];
}

export interface SampleCallAction {
  actionId?: string;
  actionType: string;
  actionName: string;
  actionParameters?: Record<string, unknown>;
  triggerReceivedAt?: string;
  executedAt?: string;
}

export interface SampleCallLog {
  id: string;
  contactId?: string;
  agentId: string;
  isAgentDeleted: boolean;
  fromNumber?: string;
  createdAt: string;
  duration: number;
  trialCall: boolean;
  executedCallActions: SampleCallAction[];
  summary?: string;
  transcript: string;
  translation?: { enabled: boolean; language?: string };
  extractedData?: Record<string, unknown>;
  messageId?: string;
  agentTransferOccurred?: boolean;
}

export interface SampleDataOptions {
  seed: number;
  calls: number;
  now: number;
  locationId: string;
  /**
   * Plant the hostile strings of hostile.ts (default true: every test meets them). False for
   * what people look at: `npm run demo` and Try Sample Data, where an agent called
   * `<img src=x onerror=alert(1)>` would only puzzle.
   */
  hostile?: boolean;
}

const DAY_MS = 86_400_000;
export const SAMPLE_DAYS = 90;

// ---------------------------------------------------------------------------------------------
// Phone numbers (E.164). US numbers use real area codes with 555-01xx style subscriber numbers
// where possible; the others use ranges set aside for drama/fiction where they exist.

const US_AREA = ['212', '415', '312', '512', '305', '617', '206', '303', '404', '702', '646', '213', '713', '480'];

function phoneNumber(rng: Rng): string {
  const r = rng.next();
  if (r < 0.72) return `+1${rng.pick(US_AREA)}${rng.range(200, 989)}${rng.digits(4)}`;
  if (r < 0.78) return `+447700900${rng.digits(3)}`; // UK Ofcom drama range
  if (r < 0.84) return `+336${rng.digits(8)}`; // France mobile
  if (r < 0.9) return `+55119${rng.digits(8)}`; // São Paulo mobile
  if (r < 0.94) return `+5255${rng.digits(8)}`; // Mexico City
  if (r < 0.97) return `+97150${rng.digits(7)}`; // UAE mobile
  return `+49151${rng.digits(8)}`; // Germany mobile
}

function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).padStart(width, '0').slice(-width);
}

function objectId(rng: Rng, seconds: number): string {
  return Math.floor(seconds).toString(16).padStart(8, '0').slice(-8) + rng.hex(16);
}

// ---------------------------------------------------------------------------------------------
// Agents

interface AgentPlan {
  agentName: string;
  businessName: string;
  language: string;
  timezone: string;
  /** Transcript language family. */
  talk: 'en' | 'es' | 'fr' | 'pt' | 'ar';
  inboundCountry?: 'US' | 'MX' | 'FR' | 'BR';
  deleted?: boolean;
  translation?: { enabled: boolean; language?: string };
  /** Relative share of the call volume. */
  weight: number;
  /** Standard-time UTC offset, to put most calls in local business hours. */
  utcOffset: number;
  /** Action types configured on the agent, in order. */
  actions: SampleActionType[];
}

/** The index in AGENT_PLANS of the agent whose names and actions carry hostile strings. */
const HOSTILE_AGENT = 3;

const AGENT_PLANS: readonly AgentPlan[] = [
  {
    agentName: 'Riley — Front Desk',
    businessName: 'Brightsmile Dental',
    language: 'en-US',
    timezone: 'America/New_York',
    utcOffset: -5,
    talk: 'en',
    inboundCountry: 'US',
    weight: 30,
    actions: ['APPOINTMENT_BOOKING', 'CALL_TRANSFER', 'DATA_EXTRACTION', 'IN_CALL_DATA_EXTRACTION', 'SMS', 'WORKFLOW_TRIGGER', 'CUSTOM_ACTION', 'KNOWLEDGE_BASE'],
  },
  {
    agentName: 'Sofía (Reservas)',
    businessName: 'La Cocina de Sofía',
    language: 'es',
    timezone: 'America/Mexico_City',
    utcOffset: -6,
    talk: 'es',
    inboundCountry: 'MX',
    translation: { enabled: true, language: 'en' },
    weight: 14,
    actions: ['APPOINTMENT_BOOKING', 'SMS', 'DATA_EXTRACTION', 'KNOWLEDGE_BASE'],
  },
  {
    agentName: 'Max Support Bot',
    businessName: 'Acme Plumbing & Heating',
    language: 'en-US',
    timezone: 'America/Chicago',
    utcOffset: -6,
    talk: 'en',
    inboundCountry: 'US',
    weight: 20,
    actions: ['CALL_TRANSFER', 'WORKFLOW_TRIGGER', 'CUSTOM_ACTION', 'IN_CALL_DATA_EXTRACTION', 'SMS'],
  },
  {
    agentName: `${HOSTILE_IMG} Sales <b>Closer</b>`,
    businessName: `Evil Corp ${HOSTILE_SCRIPT}`,
    language: 'en-US',
    timezone: 'America/Los_Angeles',
    utcOffset: -8,
    talk: 'en',
    inboundCountry: 'US',
    weight: 7,
    actions: ['CUSTOM_ACTION', 'SMS', 'DATA_EXTRACTION'],
  },
  {
    agentName: `مساعد المبيعات ${EMOJI} Sales Assistant`,
    businessName: 'شركة النور للتجارة',
    language: 'multi',
    timezone: 'Asia/Dubai',
    utcOffset: 4,
    talk: 'ar',
    translation: { enabled: true, language: 'en' },
    weight: 6,
    actions: ['KNOWLEDGE_BASE', 'CALL_TRANSFER', 'IN_CALL_DATA_EXTRACTION'],
  },
  {
    agentName: 'Léa – Prise de rendez-vous',
    businessName: 'Clinique Saint-Michel',
    language: 'fr',
    timezone: 'Europe/Paris',
    utcOffset: 1,
    talk: 'fr',
    inboundCountry: 'FR',
    weight: 9,
    actions: ['APPOINTMENT_BOOKING', 'SMS', 'CALL_TRANSFER', 'DATA_EXTRACTION'],
  },
  {
    agentName: 'Old After-hours Agent',
    businessName: 'Brightsmile Dental',
    language: 'en-US',
    timezone: 'America/New_York',
    utcOffset: -5,
    talk: 'en',
    inboundCountry: 'US',
    deleted: true,
    weight: 6,
    actions: ['CALL_TRANSFER', 'SMS', 'WORKFLOW_TRIGGER', 'DATA_EXTRACTION'],
  },
  {
    agentName: 'Ana Atendimento',
    businessName: 'Imobiliária Horizonte',
    language: 'pt-BR',
    timezone: 'America/Sao_Paulo',
    utcOffset: -3,
    talk: 'pt',
    inboundCountry: 'BR',
    translation: { enabled: false },
    weight: 8,
    actions: ['WORKFLOW_TRIGGER', 'APPOINTMENT_BOOKING', 'IN_CALL_DATA_EXTRACTION', 'SMS'],
  },
];

function inboundNumber(rng: Rng, country: AgentPlan['inboundCountry']): string | undefined {
  switch (country) {
    case 'US':
      return `+1${rng.pick(US_AREA)}555${rng.range(100, 199).toString().padStart(4, '0')}`;
    case 'MX':
      return `+5255${rng.digits(8)}`;
    case 'FR':
      return `+331${rng.digits(8)}`;
    case 'BR':
      return `+5511${rng.digits(8)}`;
    default:
      return undefined;
  }
}

interface ActionTemplate {
  names: string[];
  params: (rng: Rng, plan: AgentPlan) => Record<string, unknown>;
}

const ACTION_TEMPLATES: Record<SampleActionType, ActionTemplate> = {
  CALL_TRANSFER: {
    names: ['Transfer to Manager', 'Transfer to Front Desk', 'Escalate to On-call Technician', 'Transfer to Sales'],
    params: (rng) => ({
      triggerPrompt: rng.pick(['When the caller asks to speak to a manager', 'When the caller reports an emergency', 'When the caller asks for a human']),
      transferToType: 'number',
      transferToValue: phoneNumber(rng),
      triggerMessage: rng.pick(['Let me transfer you to a manager right away', 'Please hold while I connect you', 'One moment, connecting you now']),
      hearWhisperMessage: rng.chance(0.5),
    }),
  },
  DATA_EXTRACTION: {
    names: ['Extract Customer Name', 'Extract Email', 'Extract Reason for Call', 'Extract Preferred Date'],
    params: (rng) => {
      const kind = rng.int(3);
      return {
        contactFieldId: rng.alnum(20),
        description: ["Caller's full name", "Caller's email address", 'Reason for the call in a few words'][kind],
        examples: [['John Doe', 'María García'], ['john@example.com', 'jane@company.com'], ['Tooth ache', 'Leaking pipe', 'Table for four']][kind],
        overwriteExistingValue: rng.chance(0.3),
      };
    },
  },
  IN_CALL_DATA_EXTRACTION: {
    names: ['Capture Phone During Call', 'Capture Address', 'Capture Budget'],
    params: (rng) => ({
      contactFieldId: rng.alnum(20),
      description: rng.pick(["Caller's callback phone number", "Caller's street address", "Caller's budget"]),
      examples: ['+12125550123', '+447700900123'],
      overwriteExistingValue: rng.chance(0.5),
    }),
  },
  WORKFLOW_TRIGGER: {
    names: ['Start Follow-up Workflow', 'Add to Nurture Campaign', 'Create Service Ticket'],
    params: (rng) => ({
      triggerPrompt: rng.pick(['When the caller requests a quote', 'When the caller wants a follow-up', 'When the caller reports a problem']),
      triggerMessage: rng.pick(['Let me start that process for you', "I'll get that set up for you", 'I have opened a ticket for you']),
      workflowId: rng.uuid(),
    }),
  },
  SMS: {
    names: ['Send Confirmation SMS', 'Text Booking Link', 'Send Directions'],
    params: (rng) => ({
      triggerPrompt: rng.pick(['When the caller asks for booking confirmation', 'When the caller asks for the address', 'When the caller wants a link']),
      triggerMessage: rng.pick(["I'll send you a confirmation text", 'I just texted you the link', 'Sending the directions now']),
      messageBody: rng.pick([
        'Your appointment is confirmed for tomorrow at 2 PM. Reply C to cancel.',
        'Book here: https://book.example.com/s/brightsmile',
        'We are at 120 Main St, Suite 4. Parking in the back.',
      ]),
    }),
  },
  APPOINTMENT_BOOKING: {
    names: ['Book Consultation', 'Book Cleaning', 'Reserve a Table', 'Schedule Viewing'],
    params: (rng) => ({
      calendarId: rng.alnum(20),
      daysOfOfferingDates: rng.range(1, 7),
      slotsPerDay: rng.range(1, 6),
      hoursBetweenSlots: rng.range(1, 3),
    }),
  },
  CUSTOM_ACTION: {
    names: ['Check Order Status', 'Look Up Invoice', 'Check Technician ETA'],
    params: (rng) => {
      const get = rng.chance(0.7);
      const params: Record<string, unknown> = {
        triggerPrompt: 'When the caller provides an order number',
        triggerMessage: 'Let me check that for you',
        apiDetails: {
          url: rng.pick(['https://api.example.com/orders', 'https://erp.example.net/v2/invoices/lookup', 'https://dispatch.example.org/eta']),
          method: get ? 'GET' : 'POST',
          authenticationRequired: true,
          authenticationValue: 'Bearer sample-not-a-real-key',
          headers: [{ key: 'Content-Type', value: 'application/json' }],
          parameters: [{ name: 'orderId', description: 'Order ID to look up', type: 'string', example: 'ORD-12345' }],
        },
      };
      // The spec's example uses `responsePathsToExtract` where the schema says `selectedPaths`:
      // real responses may carry either, so the sample data does too.
      if (get) params[rng.chance(0.3) ? 'responsePathsToExtract' : 'selectedPaths'] = ['data.orderId', 'status'];
      else params.selectedPaths = [];
      return params;
    },
  },
  KNOWLEDGE_BASE: {
    names: ['Query Product Info', 'Answer Pricing Questions', 'FAQ Lookup'],
    params: (rng) => {
      const params: Record<string, unknown> = {
        triggerPrompt: rng.pick(['When the caller asks about pricing', 'When the caller asks about opening hours', 'When the caller asks a general question']),
        knowledgeBaseId: rng.alnum(20),
      };
      // Extra keys as in the spec's own example.
      if (rng.chance(0.5)) {
        params.triggerMessage = 'Let me look that up for you';
        params.parameters = [{ name: 'category', description: 'Product category to search', type: 'string', example: 'pricing' }];
      }
      return params;
    },
  },
};

/** Names of the agents whose names carry hostile strings, when those are left out. */
const PLAIN_NAMES: Readonly<Record<number, Pick<AgentPlan, 'agentName' | 'businessName'>>> = {
  [HOSTILE_AGENT]: { agentName: 'Jordan — Sales', businessName: 'Summit Auto Group' },
  [HOSTILE_AGENT + 1]: { agentName: 'مساعد المبيعات · Sales Assistant', businessName: AGENT_PLANS[HOSTILE_AGENT + 1].businessName },
};

function agentPlans(hostile: boolean): readonly AgentPlan[] {
  return hostile ? AGENT_PLANS : AGENT_PLANS.map((plan, index) => ({ ...plan, ...PLAIN_NAMES[index] }));
}

function buildAgents(seed: number, locationId: string, now: number, plans: readonly AgentPlan[], hostile: boolean): SampleAgent[] {
  const rng = new Rng(mixSeed(seed, -1));
  return plans.map((plan, index) => {
    const created = now - (SAMPLE_DAYS + 30 + index * 7) * DAY_MS;
    const id = objectId(rng, created / 1000);
    const actions: SampleAgentAction[] = plan.actions.map((type, k) => {
      const tpl = ACTION_TEMPLATES[type];
      let name = tpl.names[(index + k) % tpl.names.length];
      const actionParameters = tpl.params(rng, plan);
      // The hostile agent's actions carry hostile names and parameters too.
      if (hostile && index === HOSTILE_AGENT) {
        name = k === 0 ? `${name} ${HOSTILE_IMG}` : k === 1 ? `${name} ${EMOJI}` : `${name} ${LONG_WORD.slice(0, 80)}`;
        if (type === 'SMS') actionParameters.messageBody = `Click ${LONG_URL} ${HOSTILE_SCRIPT}`;
        if (type === 'CUSTOM_ACTION') actionParameters.triggerMessage = `${HOSTILE_TEMPLATE} checking…`;
      }
      // One transfer like the spec's example: no triggerPrompt.
      if (index === 2 && type === 'CALL_TRANSFER') delete actionParameters.triggerPrompt;
      return { id: objectId(rng, created / 1000 + k), actionType: type, name, actionParameters };
    });
    const weekdays = [1, 2, 3, 4, 5].map((d) => ({ dayOfTheWeek: d, intervals: [{ startHour: 8, endHour: 17, startMinute: 0, endMinute: 30 }] }));
    const agent: SampleAgent = {
      id,
      locationId,
      agentName: plan.agentName,
      businessName: plan.businessName,
      welcomeMessage: welcomeFor(plan),
      agentPrompt: `You are the voice assistant of ${plan.businessName}. Be brief and friendly. Book appointments, answer questions from the knowledge base and transfer to a human when asked.${
        hostile && index === HOSTILE_AGENT ? ` ${HOSTILE_SCRIPT} ${LONG_WORD}` : ''
      }`,
      voiceId: rng.alnum(20),
      language: plan.language,
      patienceLevel: rng.pick(['low', 'medium', 'high']),
      maxCallDuration: rng.pick([300, 600, 900]),
      sendUserIdleReminders: rng.chance(0.7),
      reminderAfterIdleTimeSeconds: rng.range(3, 12),
      callEndWorkflowIds: rng.chance(0.5) ? [rng.uuid()] : [],
      sendPostCallNotificationTo: {
        admins: true,
        allUsers: false,
        contactAssignedUser: rng.chance(0.5),
        specificUsers: rng.chance(0.3) ? [rng.alnum(20)] : [],
        customEmails: rng.chance(0.3) ? ['manager@example.com'] : [],
      },
      agentWorkingHours: index % 3 === 0 ? [] : weekdays,
      timezone: plan.timezone,
      isAgentAsBackupDisabled: rng.chance(0.3),
      translation: plan.translation ?? { enabled: false },
      actions,
    };
    const inbound = inboundNumber(rng, plan.inboundCountry);
    if (inbound !== undefined) {
      agent.inboundNumber = inbound;
      agent.numberPoolId = `pool_${rng.hex(24)}`;
    }
    return agent;
  });
}

function welcomeFor(plan: AgentPlan): string {
  switch (plan.talk) {
    case 'es':
      return `¡Hola! Gracias por llamar a ${plan.businessName}. ¿En qué puedo ayudarle?`;
    case 'fr':
      return `Bonjour, ${plan.businessName}, je vous écoute. Comment puis-je vous aider ?`;
    case 'pt':
      return `Olá! Obrigada por ligar para a ${plan.businessName}. Como posso ajudar?`;
    case 'ar':
      return `مرحبا بكم في ${plan.businessName}. Hello! How can I help you today?`;
    default:
      return `Hello! Thank you for calling ${plan.businessName}. How can I assist you today?`;
  }
}

// ---------------------------------------------------------------------------------------------
// Conversation text

interface Talk {
  opening: string[];
  smallTalk: [string, string][];
  byType: Record<SampleActionType, [string, string]>;
  closing: [string, string][];
}

const EN: Talk = {
  opening: ["Hi, I'm calling about an appointment.", 'Hello, I have a question about my bill.', "Hi there, I'd like some information.", 'Yeah hi, is this the right number for service?', 'Good morning, I need help with something.'],
  smallTalk: [
    ['Of course. Could I have your name, please?', 'Sure, it is Jordan Miller.'],
    ['Thanks, Jordan. What can I do for you today?', 'I wanted to check what times you have available.'],
    ['Are you an existing customer with us?', "Yes, I've been coming for about two years."],
    ['Is this the best number to reach you on?', 'Yes, this one is fine.'],
    ['I can help with that. Is there anything else on your mind?', 'Um, maybe, let me think.'],
    ['Sorry, I did not catch that. Could you repeat it?', 'I said next Tuesday if possible.'],
    ['What would be the best time for you?', 'Mornings work best, before 11.'],
  ],
  byType: {
    CALL_TRANSFER: ['Let me transfer you to a manager right away.', 'Can I talk to a real person please?'],
    DATA_EXTRACTION: ['And what is the reason for your call?', 'My tooth has been hurting since Sunday.'],
    IN_CALL_DATA_EXTRACTION: ['What is the best callback number?', 'It is two one two, five five five, zero one two three.'],
    WORKFLOW_TRIGGER: ['Let me start that process for you.', 'Great, can someone follow up by email?'],
    SMS: ["I'll send you a confirmation text.", 'Could you text me the details?'],
    APPOINTMENT_BOOKING: ['I have Tuesday at 10 AM or Wednesday at 2 PM. Which works better?', 'Tuesday at 10 is perfect.'],
    CUSTOM_ACTION: ['Let me check that order status.', 'My order number is ORD-12345.'],
    KNOWLEDGE_BASE: ['Let me look that up for you.', 'How much does a cleaning cost?'],
  },
  closing: [
    ['Is there anything else I can help you with?', 'No, that is all. Thank you!'],
    ['You are all set. Have a great day!', 'Thanks, bye.'],
    ['Thanks for calling. Goodbye!', 'Bye!'],
  ],
};

const ES: Talk = {
  opening: ['Hola, quería hacer una reservación.', 'Buenas tardes, ¿tienen mesa para esta noche?', 'Hola, llamo por una duda sobre el menú.'],
  smallTalk: [
    ['Claro, ¿a nombre de quién?', 'A nombre de María García.'],
    ['¿Para cuántas personas?', 'Somos cuatro personas.'],
    ['¿A qué hora le gustaría venir?', 'A las ocho y media, por favor.'],
  ],
  byType: {
    CALL_TRANSFER: ['Le comunico con el gerente.', '¿Puedo hablar con una persona?'],
    DATA_EXTRACTION: ['¿Cuál es el motivo de su llamada?', 'Es para un cumpleaños.'],
    IN_CALL_DATA_EXTRACTION: ['¿A qué número le podemos llamar?', 'Al cinco cinco, uno dos tres cuatro.'],
    WORKFLOW_TRIGGER: ['Inicio el proceso ahora mismo.', 'Perfecto, gracias.'],
    SMS: ['Le envío la confirmación por mensaje.', '¿Me manda la dirección por mensaje?'],
    APPOINTMENT_BOOKING: ['Tengo disponible el viernes a las 20:30.', 'Perfecto, el viernes.'],
    CUSTOM_ACTION: ['Déjeme revisar su pedido.', 'Mi pedido es el 4471.'],
    KNOWLEDGE_BASE: ['Déjeme buscar esa información.', '¿Tienen opciones vegetarianas?'],
  },
  closing: [
    ['¿Algo más en lo que le pueda ayudar?', 'No, eso es todo. ¡Gracias!'],
    ['¡Que tenga buen día!', 'Igualmente, adiós.'],
  ],
};

const FR: Talk = {
  opening: ['Bonjour, je voudrais prendre rendez-vous.', "Bonjour, j'appelle pour déplacer mon rendez-vous.", 'Allô, bonjour, une question sur les horaires.'],
  smallTalk: [
    ['Bien sûr. À quel nom, s’il vous plaît ?', 'Dupont, Claire Dupont.'],
    ['Avez-vous une préférence de jour ?', 'Plutôt jeudi matin.'],
    ['Êtes-vous déjà patiente chez nous ?', 'Oui, depuis l’an dernier.'],
  ],
  byType: {
    CALL_TRANSFER: ['Je vous passe le secrétariat.', 'Je peux parler à quelqu’un ?'],
    DATA_EXTRACTION: ['Quel est le motif de la consultation ?', 'Un contrôle annuel.'],
    IN_CALL_DATA_EXTRACTION: ['Quel numéro pour vous rappeler ?', 'Le zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit.'],
    WORKFLOW_TRIGGER: ['Je lance la démarche.', 'Merci.'],
    SMS: ['Je vous envoie un SMS de confirmation.', 'Vous pouvez m’envoyer l’adresse ?'],
    APPOINTMENT_BOOKING: ['Jeudi à 9 h 30, cela vous convient ?', 'Parfait, jeudi 9 h 30.'],
    CUSTOM_ACTION: ['Je vérifie votre dossier.', 'Mon numéro de dossier est 88-431.'],
    KNOWLEDGE_BASE: ['Je regarde cela pour vous.', 'Quels sont vos horaires le samedi ?'],
  },
  closing: [
    ['Puis-je faire autre chose pour vous ?', 'Non, merci beaucoup, au revoir.'],
    ['Très bonne journée !', 'Merci, à vous aussi.'],
  ],
};

const PT: Talk = {
  opening: ['Olá, vi um apartamento no site e queria visitar.', 'Bom dia, queria informações sobre aluguel.', 'Oi, tudo bem? Tenho uma dúvida sobre o contrato.'],
  smallTalk: [
    ['Claro! Qual é o seu nome?', 'Meu nome é João Souza.'],
    ['Qual bairro você procura?', 'Pinheiros ou Vila Madalena.'],
    ['Qual seria o valor máximo?', 'Até quatro mil reais.'],
  ],
  byType: {
    CALL_TRANSFER: ['Vou transferir para um corretor.', 'Posso falar com um corretor?'],
    DATA_EXTRACTION: ['Qual o motivo da ligação?', 'Quero alugar.'],
    IN_CALL_DATA_EXTRACTION: ['Qual o melhor número para contato?', 'Onze, nove nove oito, sete seis.'],
    WORKFLOW_TRIGGER: ['Vou iniciar o atendimento para você.', 'Ótimo, obrigado.'],
    SMS: ['Vou enviar a confirmação por SMS.', 'Pode me mandar o endereço?'],
    APPOINTMENT_BOOKING: ['Tenho sábado às 10h. Pode ser?', 'Sábado às 10h está ótimo.'],
    CUSTOM_ACTION: ['Vou consultar o seu cadastro.', 'Meu CPF termina em 0042.'],
    KNOWLEDGE_BASE: ['Vou verificar essa informação.', 'Aceita pet?'],
  },
  closing: [
    ['Posso ajudar em algo mais?', 'Não, obrigado. Tchau!'],
    ['Tenha um ótimo dia!', 'Obrigado, você também.'],
  ],
};

const AR: Talk = {
  opening: ['مرحبا، أريد الاستفسار عن الأسعار.', 'Hello, do you speak English?', 'السلام عليكم، عندي سؤال عن الطلب.'],
  smallTalk: [
    ['بكل سرور. ما اسمك الكريم؟', 'اسمي أحمد.'],
    ['Of course, I can speak English. What do you need?', 'I need the price list please.'],
    ['هل أنت عميل لدينا؟', 'نعم، منذ سنة.'],
  ],
  byType: {
    CALL_TRANSFER: ['سأحولك إلى أحد الموظفين.', 'أريد التحدث مع موظف من فضلك.'],
    DATA_EXTRACTION: ['ما سبب الاتصال؟', 'استفسار عن طلب.'],
    IN_CALL_DATA_EXTRACTION: ['ما هو رقم التواصل؟', 'خمسة صفر، واحد اثنان ثلاثة.'],
    WORKFLOW_TRIGGER: ['سأبدأ الإجراء الآن.', 'شكرا.'],
    SMS: ['سأرسل لك رسالة نصية.', 'أرسل لي العنوان من فضلك.'],
    APPOINTMENT_BOOKING: ['لدينا موعد يوم الأحد الساعة العاشرة.', 'ممتاز.'],
    CUSTOM_ACTION: ['سأتحقق من طلبك.', 'رقم الطلب ٤٤٧١.'],
    KNOWLEDGE_BASE: ['دعني أبحث عن ذلك.', 'كم سعر الباقة الذهبية؟'],
  },
  closing: [
    ['هل هناك شيء آخر؟', 'لا، شكرا جزيلا.'],
    ['Thank you for calling, goodbye!', 'Bye, thanks!'],
  ],
};

const TALK: Record<AgentPlan['talk'], Talk> = { en: EN, es: ES, fr: FR, pt: PT, ar: AR };
/** Exchanges the agent opens (asking for data, offering slots); the caller opens the others. */
const BOT_ASKS_FIRST: ReadonlySet<string> = new Set(['DATA_EXTRACTION', 'IN_CALL_DATA_EXTRACTION', 'APPOINTMENT_BOOKING', 'WORKFLOW_TRIGGER']);

const SUMMARY_BY_TYPE: Record<SampleActionType, string> = {
  CALL_TRANSFER: 'asked for a person and was transferred',
  DATA_EXTRACTION: 'gave their name and reason for calling',
  IN_CALL_DATA_EXTRACTION: 'shared a callback number during the call',
  WORKFLOW_TRIGGER: 'was enrolled in the follow-up workflow',
  SMS: 'received a confirmation text',
  APPOINTMENT_BOOKING: 'booked an appointment',
  CUSTOM_ACTION: 'had their order status looked up',
  KNOWLEDGE_BASE: 'got answers from the knowledge base',
};

const PLAIN_SUMMARIES = [
  'Caller asked about opening hours and hung up after getting the answer.',
  'Short call: the caller dialled the wrong number.',
  'Caller asked about prices but did not book anything.',
  'Caller wanted to reschedule but will call back later.',
  'Silent call; the caller did not respond to the greeting.',
];

const FIRST_NAMES = ['Jordan', 'María', 'Claire', 'João', 'Ahmed', 'Priya', 'Liam', 'Sofia', 'Noah', 'Yuki', 'Olivia', 'Mateo'];
const LAST_NAMES = ['Miller', 'García', 'Dupont', 'Souza', 'Haddad', 'Patel', 'O’Brien', 'Rossi', 'Nguyen', 'Tanaka', 'Smith', 'Kowalski'];
const EMAIL_PARTS = new Map<string, string>();
/** "María" → "maria", "O’Brien" → "obrien" (cached: normalize() is slow in a 100k loop). */
function emailPart(name: string): string {
  let part = EMAIL_PARTS.get(name);
  if (part === undefined) {
    part = name.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '');
    EMAIL_PARTS.set(name, part);
  }
  return part;
}
const REASONS = ['Tooth ache', 'Leaking pipe', 'Table for four', 'Annual check-up', 'Apartment viewing', 'Billing question', 'Order status', 'Price list'];

// ---------------------------------------------------------------------------------------------
// Call logs

function emptyIndex(count: number): CallIndex {
  return {
    count,
    createdAt: new Float64Array(count),
    duration: new Int32Array(count),
    agent: new Uint8Array(count),
    trial: new Uint8Array(count),
    contact: new Int32Array(count),
    actionMask: new Uint16Array(count),
  };
}

export interface CallIndex {
  readonly count: number;
  readonly createdAt: Float64Array;
  readonly duration: Int32Array;
  readonly agent: Uint8Array;
  readonly trial: Uint8Array;
  /** Contact index into the contact pool, -1 when the call has no contact. */
  readonly contact: Int32Array;
  /** Bit i set when the call executed an action of ACTION_TYPES[i]. */
  readonly actionMask: Uint16Array;
}

interface Contact {
  id: string;
  phone: string;
}

interface CallHeader {
  createdAt: number;
  duration: number;
  agent: number;
  trial: boolean;
  contact: number;
  /** Indexes into the agent's configured actions, in execution order. */
  actions: number[];
}

export class SampleData {
  readonly seed: number;
  readonly now: number;
  readonly locationId: string;
  /** Every agent, the deleted one included (it is hidden by the agents endpoints). */
  readonly allAgents: readonly SampleAgent[];
  readonly deletedAgentIds: ReadonlySet<string>;
  /** Replaced (grown) when calls arrive. */
  index: CallIndex;
  readonly contacts: readonly Contact[];
  /** XORed into the index that every call id ends with (ids look random but map back without a lookup table). */
  private readonly idMask: number;
  private readonly idSalt: number;
  private readonly agentWeights: number[];
  private readonly hostile: boolean;
  private readonly plans: readonly AgentPlan[];
  private sortedByCreatedAt?: Int32Array;
  private sortedByDuration?: Int32Array;
  private materialized?: SampleCallLog[];

  constructor(options: SampleDataOptions) {
    this.seed = options.seed >>> 0;
    this.now = options.now;
    this.locationId = options.locationId;
    this.hostile = options.hostile ?? true;
    this.plans = agentPlans(this.hostile);
    this.allAgents = buildAgents(this.seed, options.locationId, options.now, this.plans, this.hostile);
    this.deletedAgentIds = new Set(this.allAgents.filter((_, i) => this.plans[i].deleted).map((a) => a.id));
    this.agentWeights = this.plans.map((p) => p.weight);

    // Ids carry the index in 24 bits.
    const count = Math.min(0xffffff, Math.max(0, Math.floor(options.calls)));
    const contactRng = new Rng(mixSeed(this.seed, -2));
    const contacts: Contact[] = [];
    const contactCount = Math.max(12, Math.ceil(count / 5));
    for (let i = 0; i < contactCount; i++) contacts.push({ id: contactRng.alnum(20), phone: phoneNumber(contactRng) });
    this.contacts = contacts;

    this.idMask = mixSeed(this.seed, -3) & 0xffffff;
    this.idSalt = mixSeed(this.seed, -4);
    const index = emptyIndex(count);
    for (let i = 0; i < count; i++) this.indexCall(index, i);
    this.index = index;
  }

  /** Draws call i's header into the index; `createdAt` overrides the drawn time (a call arriving now). */
  private indexCall(index: CallIndex, i: number, createdAt?: number): void {
    const h = this.drawHeader(new Rng(mixSeed(this.seed, i)));
    index.createdAt[i] = createdAt ?? h.createdAt;
    index.duration[i] = h.duration;
    index.agent[i] = h.agent;
    index.trial[i] = h.trial ? 1 : 0;
    index.contact[i] = h.contact;
    let mask = 0;
    const agentActions = this.allAgents[h.agent].actions;
    for (const a of h.actions) mask |= 1 << ACTION_TYPES.indexOf(agentActions[a].actionType);
    index.actionMask[i] = mask;
  }

  /** Changes with every call that arrives or is deleted (caches of selections key on it). */
  version = 0;
  private readonly deleted = new Set<number>();

  /**
   * `count` new calls created at `at` (default now), as calls come in while a client reads the
   * list (e.g. during an export). Returns their ids.
   */
  arrive(count: number, at = Date.now()): string[] {
    const old = this.index;
    const index = emptyIndex(old.count + count);
    for (const key of ['createdAt', 'duration', 'agent', 'trial', 'contact', 'actionMask'] as const) index[key].set(old[key]);
    for (let i = old.count; i < index.count; i++) this.indexCall(index, i, at);
    this.index = index;
    this.changed();
    return Array.from({ length: count }, (_, k) => this.callId(old.count + k));
  }

  /** Deletes calls (as a user of the CRM may, while a client reads the list). */
  delete(ids: readonly string[]): void {
    for (const id of ids) {
      const i = this.indexOfCall(id);
      if (i !== undefined) this.deleted.add(i);
    }
    this.changed();
  }

  isDeleted(i: number): boolean {
    return this.deleted.has(i);
  }

  private changed(): void {
    this.version++;
    this.sortedByCreatedAt = undefined;
    this.sortedByDuration = undefined;
    this.materialized = undefined;
  }

  /** Agents the API returns (the deleted one is hidden). */
  get agents(): SampleAgent[] {
    return this.allAgents.filter((a) => !this.deletedAgentIds.has(a.id));
  }

  get count(): number {
    return this.index.count;
  }

  /**
   * A Mongo ObjectId-like id: 8 hex of creation seconds, 10 hex derived from seed and index, then
   * the index (masked) in 6 hex, so that an id maps back to its call without a lookup table.
   */
  callId(i: number): string {
    const seconds = Math.floor(this.index.createdAt[i] / 1000);
    const h = mixSeed(this.idSalt, i);
    const h2 = mixSeed(h, 1) & 0xff;
    return hex(seconds, 8) + hex(h, 8) + hex(h2, 2) + hex((i ^ this.idMask) & 0xffffff, 6);
  }

  indexOfCall(id: string): number | undefined {
    if (!/^[0-9a-f]{24}$/.test(id)) return undefined;
    const i = (parseInt(id.slice(18), 16) ^ this.idMask) & 0xffffff;
    return i < this.count && this.callId(i) === id && !this.deleted.has(i) ? i : undefined;
  }

  /**
   * A conversation message id: 14 drawn characters, then the index (masked) in 6 base-36 digits,
   * so that the Conversations endpoints find the call of a message without a lookup table.
   */
  private messageId(i: number, drawn: string): string {
    return drawn.slice(0, 14) + ((i ^ this.idMask) & 0xffffff).toString(36).padStart(6, '0');
  }

  /** The call whose `messageId` this is, or undefined. */
  indexOfMessage(id: string): number | undefined {
    if (!/^[A-Za-z0-9]{14}[0-9a-z]{6}$/.test(id)) return undefined;
    const i = (parseInt(id.slice(14), 36) ^ this.idMask) & 0xffffff;
    return i < this.count && !this.deleted.has(i) && this.callLog(i).messageId === id ? i : undefined;
  }

  /**
   * Whether the call of a message has a recording (and a transcription): every call with a message
   * id but one in eleven, whose recording was not kept (the API answers 404 for it).
   */
  hasRecording(i: number): boolean {
    return i % 11 !== 3 && this.callLog(i).messageId !== undefined;
  }

  agentIndex(agentId: string): number {
    return this.allAgents.findIndex((a) => a.id === agentId);
  }

  contactIndex(contactId: string): number {
    return this.contacts.findIndex((c) => c.id === contactId);
  }

  /** Call indexes newest first (ties by id for a stable order). */
  byCreatedAtDesc(): Int32Array {
    if (!this.sortedByCreatedAt) {
      const c = this.index.createdAt;
      const order = Int32Array.from({ length: this.count }, (_, i) => i);
      order.sort((a, b) => c[b] - c[a] || this.tieBreak(a, b));
      this.sortedByCreatedAt = order;
    }
    return this.sortedByCreatedAt;
  }

  /** Call indexes longest first, ties newest first. */
  byDurationDesc(): Int32Array {
    if (!this.sortedByDuration) {
      const d = this.index.duration;
      const c = this.index.createdAt;
      const order = Int32Array.from({ length: this.count }, (_, i) => i);
      order.sort((a, b) => d[b] - d[a] || c[b] - c[a] || this.tieBreak(a, b));
      this.sortedByDuration = order;
    }
    return this.sortedByDuration;
  }

  /** Every call log in generation order (built once, then cached). */
  allCallLogs(): SampleCallLog[] {
    if (!this.materialized) {
      const out = new Array<SampleCallLog>(this.count);
      for (let i = 0; i < this.count; i++) out[i] = this.callLog(i);
      this.materialized = out;
    }
    return this.materialized;
  }

  /** The full call log at generation index i (a fresh object each time unless materialized). */
  callLog(i: number): SampleCallLog {
    if (this.materialized) return this.materialized[i];
    const rng = new Rng(mixSeed(this.seed, i));
    // The index's time: a call that arrived later was created then, not when drawn.
    const h = { ...this.drawHeader(rng), createdAt: this.index.createdAt[i] };
    return this.buildCall(rng, i, this.callId(i), h);
  }

  /** Descending by id, for calls created in the same millisecond. */
  private tieBreak(a: number, b: number): number {
    return this.callId(a) < this.callId(b) ? 1 : -1;
  }

  /** Mostly during the agent's local business hours (8:00–20:00), some at any time; always inside the 90 days before now. */
  private drawTime(rng: Rng, utcOffsetHours: number): number {
    const earliest = this.now - SAMPLE_DAYS * DAY_MS + 60_000;
    const latest = this.now - 60_000;
    const day = rng.int(SAMPLE_DAYS + 1);
    const localHour = rng.chance(0.85) ? 8 + rng.next() * 12 : rng.next() * 24;
    const midnight = Math.floor(this.now / DAY_MS) * DAY_MS - day * DAY_MS;
    const t = Math.floor(midnight + (localHour - utcOffsetHours) * 3_600_000);
    if (t >= earliest && t <= latest) return t;
    return Math.floor(earliest + rng.next() * (latest - earliest));
  }

  /** What the filters and sorts need; drawn first so that the index pass can stop here. */
  private drawHeader(rng: Rng): CallHeader {
    const agent = rng.weighted(this.agentWeights);
    const createdAt = this.drawTime(rng, this.plans[agent].utcOffset);
    const trial = rng.chance(0.15);
    // Contacts are skewed so that some people call many times (contact filters find several calls).
    const u = rng.next();
    const contact = trial && rng.chance(0.7) ? -1 : rng.chance(0.04) ? -1 : Math.floor(u * u * this.contacts.length);
    const r = rng.next();
    const n = r < 0.22 ? 0 : r < 0.62 ? 1 : r < 0.84 ? 2 : r < 0.96 ? rng.range(3, 4) : rng.range(6, 12);
    const configured = this.allAgents[agent].actions.length;
    const actions: number[] = [];
    for (let k = 0; k < n; k++) actions.push(rng.int(configured));
    // Durations 10 s – 20 min, skewed short; long enough for the actions taken.
    let duration = 10 + Math.floor(1190 * Math.pow(rng.next(), 2.6));
    duration = Math.min(1200, Math.max(duration, 25 + n * 20));
    return { createdAt, duration, agent, trial, contact, actions };
  }

  private buildCall(rng: Rng, i: number, id: string, h: CallHeader): SampleCallLog {
    const agent = this.allAgents[h.agent];
    const plan = this.plans[h.agent];
    const talk = TALK[plan.talk];
    const startMs = h.createdAt;
    const endMs = startMs + h.duration * 1000;

    // Executed actions at increasing times inside the call; execution shortly after the trigger.
    const n = h.actions.length;
    const executed: SampleCallAction[] = [];
    const slot = (endMs - startMs - 4000) / Math.max(1, n);
    for (let k = 0; k < n; k++) {
      const configured = agent.actions[h.actions[k]];
      const trigger = startMs + 2000 + Math.floor(k * slot + rng.next() * slot * 0.6);
      const exec = Math.min(endMs - 500, trigger + 150 + Math.floor(rng.next() * Math.min(8000, slot * 0.35)));
      executed.push({
        actionId: configured.id,
        actionType: configured.actionType,
        actionName: configured.name,
        actionParameters: configured.actionParameters,
        triggerReceivedAt: new Date(trigger).toISOString(),
        executedAt: new Date(Math.max(trigger, exec)).toISOString(),
      });
    }

    // Transcript: greeting, the caller's opening, small talk, one exchange per action, closing.
    const lines: string[] = [`bot: ${agent.welcomeMessage}`, `human: ${rng.pick(talk.opening)}`];
    const small = rng.int(Math.min(4, talk.smallTalk.length) + 1);
    for (let k = 0; k < small; k++) {
      const [bot, human] = rng.pick(talk.smallTalk);
      lines.push(`bot: ${bot}`, `human: ${human}`);
    }
    for (const a of executed) {
      const [bot, human] = talk.byType[a.actionType as SampleActionType];
      if (BOT_ASKS_FIRST.has(a.actionType)) lines.push(`bot: ${bot}`, `human: ${human}`);
      else lines.push(`human: ${human}`, `bot: ${bot}`);
    }
    if (this.hostile && i % 23 === 5) lines.splice(2, 0, HOSTILE_TRANSCRIPT_LINES[Math.floor(i / 23) % HOSTILE_TRANSCRIPT_LINES.length]);
    const [closeBot, closeHuman] = rng.pick(talk.closing);
    lines.push(`bot: ${closeBot}`, `human: ${closeHuman}`);
    // Some transcripts come without a space after the colon (seen in the real API).
    const tight = i % 9 === 4;
    const transcript = (tight ? lines.map((l) => l.replace(/^(bot|human): /, '$1:')) : lines).join('\n');

    const call: SampleCallLog = {
      id,
      agentId: agent.id,
      isAgentDeleted: this.deletedAgentIds.has(agent.id),
      createdAt: new Date(startMs).toISOString(),
      duration: h.duration,
      trialCall: h.trial,
      executedCallActions: executed,
      transcript,
    };
    if (h.contact >= 0) {
      const contact = this.contacts[h.contact];
      call.contactId = contact.id;
      call.fromNumber = contact.phone;
    } else if (!h.trial && rng.chance(0.5)) {
      call.fromNumber = phoneNumber(rng);
    }

    // Summary (missing on a few calls, as seen in the real API).
    if (i % 41 !== 17) {
      if (this.hostile && i % 25 === 7) call.summary = HOSTILE_SUMMARIES[Math.floor(i / 25) % HOSTILE_SUMMARIES.length];
      else if (n === 0) call.summary = rng.pick(PLAIN_SUMMARIES);
      else {
        const seen = [...new Set(executed.map((a) => a.actionType as SampleActionType))];
        const parts = seen.map((t) => SUMMARY_BY_TYPE[t]);
        const what = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
        call.summary = `${h.trial ? 'Test caller' : 'Caller'} ${what}.`;
      }
    }

    // Extracted data from the data-extraction actions (missing on some calls).
    const extracting = executed.some((a) => a.actionType === 'DATA_EXTRACTION' || a.actionType === 'IN_CALL_DATA_EXTRACTION');
    if (extracting || rng.chance(0.2)) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const data: Record<string, unknown> = {
        customerName: `${first} ${last}`,
        reason: rng.pick(REASONS),
      };
      if (rng.chance(0.6)) data.email = `${emailPart(first)}.${emailPart(last)}@example.com`;
      if (call.fromNumber && rng.chance(0.5)) data.phoneNumber = call.fromNumber;
      if (rng.chance(0.3)) data.preferredDate = new Date(startMs + rng.range(1, 10) * DAY_MS).toISOString().slice(0, 10);
      if (rng.chance(0.15)) data.partySize = rng.range(1, 8);
      if (rng.chance(0.1)) data.isExistingCustomer = rng.chance(0.5);
      if (this.hostile && i % 29 === 11) {
        data.customerName = `${HOSTILE_IMG} ${HEBREW}`;
        data.notes = `${HOSTILE_SCRIPT} ${LONG_WORD} ${ARABIC} ${EMOJI}`;
      }
      call.extractedData = data;
    } else if (i % 41 !== 18) {
      call.extractedData = {};
    }

    if (agent.translation.enabled) call.translation = { enabled: true, language: agent.translation.language };
    else if (rng.chance(0.25)) call.translation = { enabled: false };

    // Drawn as before (the draws after it stay the same), then ended with the call's index.
    if (!h.trial) call.messageId = this.messageId(i, rng.alnum(20));
    // Undocumented but seen in real responses.
    if (rng.chance(0.6)) call.agentTransferOccurred = executed.some((a) => a.actionType === 'CALL_TRANSFER');
    return call;
  }
}
