/** Errors of the serialization layer: every one names what is wrong and where (the path). */
import { JaxtsError } from '../errors.ts';

/** Bytes that are not a valid checkpoint, or a checkpoint that does not fit its target tree. */
export class SerializationError extends JaxtsError {}
