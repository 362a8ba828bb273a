import request from 'supertest';
import { freePort, spawnApi, type ApiProcess } from '../helpers/api-process';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { connectSocket, emitWithAck, nextEvent } from '../helpers/sockets';
import { aNeedBody, COMMUNITY } from '../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../fixtures/users';

let apiA: TestApi;
let apiB: ApiProcess;
let staff: TestUser;

beforeAll(async () => {
  apiA = await startTestApi();
  // A second replica in its own process and port, on the same store and Redis prefix.
  apiB = await spawnApi(apiA.config, await freePort());
  staff = await aCommunityStaff(apiA, COMMUNITY);
});
afterAll(async () => {
  apiB.child.kill('SIGTERM');
  await apiB.exited;
  await apiA.stop();
});


describe('socket handshake', () => {
  it('when a client connects without a token or with a forged one, then it is refused with UNAUTHENTICATED', async () => {
    await expect(connectSocket(apiA.url)).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
    await expect(connectSocket(apiA.url, 'not-a-jwt')).rejects.toMatchObject({ data: { code: expect.any(String) } });
  });
});

describe('transports', () => {
  it('when a browser client starts with HTTP long-polling (the default), then the handshake and commands work and the API stays up', async () => {
    const volunteer = await aVolunteer(apiA);
    const socket = await connectSocket(apiA.url, volunteer.token, ['polling']);
    try {
      expect(socket.io.engine.transport.name).toBe('polling');
      expect(await emitWithAck(socket, 'need:watch', { needId: '0123456789abcdef01234567' })).toEqual({ ok: false, code: 'NOT_FOUND' });
    } finally {
      socket.close();
    }
    expect((await request(apiA.url).get('/healthz')).status).toBe(200);
  });
});

describe('need:watch', () => {
  it('when the payload is invalid or the need unknown, then the ack carries the error code', async () => {
    const volunteer = await aVolunteer(apiA);
    const socket = await connectSocket(apiA.url, volunteer.token);
    try {
      expect(await emitWithAck(socket, 'need:watch', { needId: { $gt: '' } })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
      expect(await emitWithAck(socket, 'need:watch', { needId: '0123456789abcdef01234567' })).toEqual({ ok: false, code: 'NOT_FOUND' });
    } finally {
      socket.close();
    }
  });

  it('when a volunteer signs up through replica process B, then a watcher connected to replica A receives need:slots', async () => {
    const created = await request(apiA.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody()).expect(201);
    const needId: string = created.body.id;
    const shiftId: string = created.body.shifts[0].id;
    const watcher = await aVolunteer(apiA);
    const socket = await connectSocket(apiA.url, watcher.token);
    try {
      expect(await emitWithAck(socket, 'need:watch', { needId })).toEqual({ ok: true });
      const slots = nextEvent(socket, 'need:slots', (e) => e.needId === needId);
      const volunteer = await aVolunteer(apiA);
      await request(apiB.url).post(`/api/v1/needs/${needId}/shifts/${shiftId}/enrollments`).set(bearer(volunteer)).send({}).expect(201);
      expect(await slots).toMatchObject({ needId, shiftId, capacity: 2, enrolled: 1, slotsLeft: 1, seq: 1 });
    } finally {
      socket.close();
    }
  });
});
