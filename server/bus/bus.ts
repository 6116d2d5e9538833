import { EventEmitter } from 'node:events'
import type { HubEvents } from './events.js'

type Listener<K extends keyof HubEvents> = (payload: HubEvents[K]) => void

/** A typed, synchronous event bus. Listeners must not throw; a throwing listener is reported, not fatal. */
export class EventBus {
  readonly #emitter = new EventEmitter({ captureRejections: false })

  constructor(private readonly onListenerError: (err: unknown, event: string) => void = () => {}) {
    this.#emitter.setMaxListeners(100)
  }

  on<K extends keyof HubEvents>(event: K, listener: Listener<K>): () => void {
    const wrapped = (payload: HubEvents[K]) => {
      try {
        listener(payload)
      } catch (err) {
        this.onListenerError(err, event)
      }
    }
    this.#emitter.on(event, wrapped)
    return () => this.#emitter.off(event, wrapped)
  }

  emit<K extends keyof HubEvents>(event: K, payload: HubEvents[K]): void {
    this.#emitter.emit(event, payload)
  }

  listenerCount(event: keyof HubEvents): number {
    return this.#emitter.listenerCount(event)
  }
}
