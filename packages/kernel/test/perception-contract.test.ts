import { readFileSync } from 'node:fs';
import type { Static } from '@sinclair/typebox';
import * as sdk from '@heldar/sdk';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as contract from '../src/perception/contract.schemas.js';
import { encodeFrameMessage } from '../src/perception/frame-message.js';

const PUBLISHED = new URL('../../sdk/schemas/worker-contract-v1.json', import.meta.url);

describe('worker contract v1', () => {
  it('is published in packages/sdk exactly as the kernel validates it', () => {
    const published: unknown = JSON.parse(readFileSync(PUBLISHED, 'utf8'));
    // If this fails: `npx tsc -b && node packages/sdk/scripts/generate-schemas.mjs`, and review the diff.
    expect(published).toEqual(contract.contractJsonSchema());
    expect(Object.keys((published as { definitions: object }).definitions)).toEqual(contract.CONTRACT_SCHEMAS.map((s) => s.$id));
    expect(sdk.CONTRACT_VERSION).toBe(contract.CONTRACT_VERSION);
    expect(sdk.CLOSE_CODES).toEqual(contract.CLOSE_CODES);
  });

  it("has the SDK's TypeScript types match the schemas (checked by the type checker)", () => {
    expectTypeOf<sdk.WorkerRegistration>().toEqualTypeOf<Static<typeof contract.WorkerRegistration>>();
    expectTypeOf<sdk.WorkerRegistered>().toEqualTypeOf<Static<typeof contract.WorkerRegistered>>();
    expectTypeOf<sdk.HeartbeatResponse>().toEqualTypeOf<Static<typeof contract.HeartbeatResponse>>();
    expectTypeOf<sdk.FrameHeader>().toEqualTypeOf<Static<typeof contract.FrameHeader>>();
    expectTypeOf<sdk.Detection>().toEqualTypeOf<Static<typeof contract.Detection>>();
    expectTypeOf<sdk.DetectionsRequest>().toEqualTypeOf<Static<typeof contract.DetectionsRequest>>();
    expectTypeOf<sdk.DetectionsAccepted>().toEqualTypeOf<Static<typeof contract.DetectionsAccepted>>();
    expectTypeOf<sdk.CreditMessage>().toEqualTypeOf<Static<typeof contract.CreditMessage>>();
    expectTypeOf<sdk.HeartbeatMessage>().toEqualTypeOf<Static<typeof contract.HeartbeatMessage>>();
    expectTypeOf<sdk.WelcomeMessage>().toEqualTypeOf<Static<typeof contract.WelcomeMessage>>();
    expectTypeOf<sdk.AssignmentMessage>().toEqualTypeOf<Static<typeof contract.AssignmentMessage>>();
    expectTypeOf<sdk.ErrorMessage>().toEqualTypeOf<Static<typeof contract.ErrorMessage>>();
  });

  it('frames the kernel pushes decode with the SDK', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
    const message = encodeFrameMessage({ id: 'abc123.7', cameraId: 'door', seq: 7, capturedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 678), width: 640, height: 360, jpeg });
    const frame = sdk.decodeFrameMessage(message);
    expect(frame).toEqual({ id: 'abc123.7', cameraId: 'door', seq: 7, capturedAt: new Date('2026-01-02T03:04:05.678Z'), width: 640, height: 360, jpeg });
    expect(() => sdk.decodeFrameMessage(message.subarray(0, 10))).toThrow(sdk.FrameDecodeError);
    expect(() => sdk.decodeFrameMessage(Buffer.from([0, 0, 0]))).toThrow('frame message too short (3 bytes)');
  });
});
