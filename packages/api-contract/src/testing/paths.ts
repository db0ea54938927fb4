/**
 * Type-level views of a router as a flat list of procedure paths (`'tasks.delete'`), for tables that
 * must name every procedure exactly once — like the auth matrix's sample inputs.
 */
import type { AnyProcedure, AnyTRPCRouter, inferProcedureInput } from '@trpc/server';

type RecordPaths<TRecord, TPrefix extends string = ''> = {
  [K in keyof TRecord & string]: TRecord[K] extends AnyProcedure
    ? `${TPrefix}${K}`
    : RecordPaths<TRecord[K], `${TPrefix}${K}.`>;
}[keyof TRecord & string];

type ProcedureAt<TRecord, TPath extends string> = TPath extends `${infer Head}.${infer Rest}`
  ? Head extends keyof TRecord
    ? ProcedureAt<TRecord[Head], Rest>
    : never
  : TPath extends keyof TRecord
    ? TRecord[TPath]
    : never;

/** Every procedure path of a router: `'health' | 'notes.list' | …`. */
export type ProcedurePath<TRouter extends AnyTRPCRouter> = RecordPaths<TRouter['_def']['record']>;

/** The input type of the procedure at `TPath` (`void` when it takes none). */
export type ProcedureInputAt<TRouter extends AnyTRPCRouter, TPath extends string> =
  ProcedureAt<TRouter['_def']['record'], TPath> extends infer TProcedure extends AnyProcedure
    ? inferProcedureInput<TProcedure>
    : never;

/** One valid input per procedure: a missing or stale path is a type error. */
export type SampleInputs<TRouter extends AnyTRPCRouter> = {
  [TPath in ProcedurePath<TRouter>]: ProcedureInputAt<TRouter, TPath>;
};
