// The models a server offers: those configured (CHAT_MODELS, or CHAT_PROVIDER=openai's one),
// then the offline one, which needs nothing and is always there. A conversation picks one by id;
// each answer records the id of the one that wrote it.
import { OFFLINE_MODEL_ID, type ChatConfig, type ChatModelConfig } from '../../config.js';
import { AppError } from '../../lib/errors.js';

/** A model as clients see it: never its key, and of its endpoint only the origin. */
export interface OfferedModel {
  id: string;
  label: string;
  provider: 'offline' | 'openai';
  /** The name the endpoint knows it by; null offline. */
  model: string | null;
  /** Only the endpoint's origin: a base URL may carry credentials in its path or query. */
  endpoint: string | null;
}

export const OFFLINE_MODEL: OfferedModel = {
  id: OFFLINE_MODEL_ID,
  label: 'Offline: quotes your documents',
  provider: 'offline',
  model: null,
  endpoint: null,
};

const originOf = (baseUrl: string) => new URL(baseUrl).origin;

export function offeredModels(chat: Pick<ChatConfig, 'models'>): OfferedModel[] {
  return [
    ...chat.models.map((m): OfferedModel => ({
      id: m.id,
      label: m.label,
      provider: 'openai',
      model: m.model,
      endpoint: originOf(m.baseUrl),
    })),
    OFFLINE_MODEL,
  ];
}

/** The model an answer is written by: a configured one, or undefined for offline. */
export interface ChosenModel {
  id: string;
  config: ChatModelConfig | undefined;
}

const offeredIds = (chat: ChatConfig) => offeredModels(chat).map((m) => m.id);

/** The model of this id, if the server offers it. */
export function findModel(chat: ChatConfig, id: string): ChosenModel | undefined {
  if (id === OFFLINE_MODEL_ID) return { id, config: undefined };
  const config = chat.models.find((m) => m.id === id);
  return config && { id, config };
}

/** A model a client asked for: 400 UNKNOWN_MODEL, naming the offered ones, if it is not offered. */
export function requestedModel(chat: ChatConfig, id: string): ChosenModel {
  const found = findModel(chat, id);
  if (!found)
    throw new AppError(
      400,
      'UNKNOWN_MODEL',
      `this server offers no model "${id}"; it offers: ${offeredIds(chat).join(', ')}`,
      [{ field: 'body.model', message: 'not an offered model' }],
    );
  return found;
}

/**
 * A conversation's model: the one it picked, or the server's default. One it picked that is no
 * longer offered is refused (409) rather than replaced, since another model may send the
 * conversation to another provider.
 */
export function conversationModel(chat: ChatConfig, picked: string | null): ChosenModel {
  if (picked === null) return findModel(chat, chat.defaultModel)!;
  const found = findModel(chat, picked);
  if (!found)
    throw new AppError(
      409,
      'MODEL_UNAVAILABLE',
      `this conversation's model "${picked}" is no longer offered; pick another with "model" (${offeredIds(chat).join(', ')})`,
    );
  return found;
}
