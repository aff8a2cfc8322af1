import type { JsonObject, StoredEvent } from './event-store.port.js';

/** Turns a payload of `schemaVersion` into the payload of `schemaVersion + 1`. */
export type Upcaster = (data: JsonObject) => JsonObject;

/**
 * Old payloads are upgraded when the domain or a projection reads them; the store, the audit
 * trail and the hash chain keep the payload and schema version as stored.
 */
export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();

  register(type: string, fromSchemaVersion: number, upcaster: Upcaster): this {
    const key = `${type}@${fromSchemaVersion}`;
    if (this.upcasters.has(key)) throw new Error(`an upcaster for ${key} is already registered`);
    this.upcasters.set(key, upcaster);
    return this;
  }

  upcast(event: StoredEvent): StoredEvent {
    let upcaster = this.upcasters.get(`${event.type}@${event.schemaVersion}`);
    if (!upcaster) return event;
    let { data, schemaVersion } = event;
    while (upcaster) {
      data = upcaster(data);
      schemaVersion += 1;
      upcaster = this.upcasters.get(`${event.type}@${schemaVersion}`);
    }
    return { ...event, data, schemaVersion };
  }
}
