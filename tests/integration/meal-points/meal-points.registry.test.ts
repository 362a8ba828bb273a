import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aMealPointBody } from '../../fixtures/meal-points';
import { aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

let api: TestApi;
let districtAdmin: TestUser;
let cityAdmin: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  districtAdmin = await aUser(api, ['district_admin'], { districtCode: '510104' });
  cityAdmin = await aUser(api, ['city_admin']);
});
afterAll(() => api.stop());

const createPoint = (user: TestUser, body: unknown) => request(api.url).post('/api/v1/meal-points').set(bearer(user)).send(body as object);

describe('POST /api/v1/meal-points', () => {
  it('when a district admin registers a point in their district, then it is stored with its meals and anyone signed in can read it', async () => {
    const res = await createPoint(districtAdmin, aMealPointBody());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'meal_point', districtCode: '510104', rating: { average: null, count: 0 } });
    expect(res.body.meals.map((m: { meal: string }) => m.meal)).toEqual(['lunch', 'dinner']);
    const read = await request(api.url).get(`/api/v1/meal-points/${res.body.id}`).set(bearer(await aVolunteer(api)));
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('幸福北社区长者食堂');
  });

  it('when an admin of another district or a volunteer registers a point, then 403', async () => {
    const other = await aUser(api, ['district_admin'], { districtCode: '510105' });
    expect((await createPoint(other, aMealPointBody())).status).toBe(403);
    expect((await createPoint(await aVolunteer(api), aMealPointBody())).status).toBe(403);
  });

  it.each([
    ['an unknown field', { ...aMealPointBody(), secret: 1 }, '(root)'],
    ['a $-operator', { ...aMealPointBody(), name: { $gt: '' } }, 'body.name.$gt'],
    ['a cut-off after the meal starts', aMealPointBody({ meals: [{ meal: 'lunch', servesFrom: '11:00', servesUntil: '13:00', bookingCutoff: '11:30', capacity: 5, priceFen: 1000 }] }), 'meals.0.bookingCutoff'],
    ['the same meal twice', aMealPointBody({ meals: [
      { meal: 'lunch', servesFrom: '11:00', servesUntil: '13:00', bookingCutoff: '09:00', capacity: 5, priceFen: 1000 },
      { meal: 'lunch', servesFrom: '11:30', servesUntil: '13:00', bookingCutoff: '09:00', capacity: 5, priceFen: 1000 }] }), 'meals'],
    ['a price that is not whole fen', aMealPointBody({ meals: [{ meal: 'lunch', servesFrom: '11:00', servesUntil: '13:00', bookingCutoff: '09:00', capacity: 5, priceFen: 12.5 }] }), 'meals.0.priceFen'],
    ['a location outside Chengdu', aMealPointBody({ location: { lat: 39.9, lng: 116.4 } }), 'location.lat'],
    ['a meal point without meals', aMealPointBody({ meals: [] }), 'meals'],
  ])('when the body has %s, then 400 problem+json and nothing is stored', async (_name, body, path) => {
    const points = api.runtime.infra.connection.collection('meal_points');
    const before = await points.countDocuments({});
    const res = await createPoint(cityAdmin, body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await points.countDocuments({})).toBe(before);
  });
});

describe('operators manage their own point', () => {
  it('when an operator registers a point, then they run it; another operator cannot edit it or its menu', async () => {
    const operator = await aUser(api, ['meal_point_operator']);
    const stranger = await aUser(api, ['meal_point_operator']);
    const point = (await createPoint(operator, aMealPointBody({ name: '运营方自建助餐点' })).expect(201)).body;
    const edit = await request(api.url).patch(`/api/v1/meal-points/${point.id}`).set(bearer(operator)).send({ accessibilityNotes: '门口有坡道' });
    expect(edit.status).toBe(200);
    expect(edit.body.accessibilityNotes).toBe('门口有坡道');
    expect((await request(api.url).patch(`/api/v1/meal-points/${point.id}`).set(bearer(stranger)).send({ name: '被改名' })).status).toBe(403);
    expect((await request(api.url).put(`/api/v1/meal-points/${point.id}/menus/2026-12-01`).set(bearer(stranger))
      .send({ meals: { lunch: ['红烧肉'] } })).status).toBe(403);
    expect((await request(api.url).get(`/api/v1/meal-points/${point.id}`).set(bearer(stranger))).body.name).toBe('运营方自建助餐点');
  });

  it('when an operator is scoped to a point by an admin, then they may set its daily menu, only for meals it serves', async () => {
    const point = (await createPoint(cityAdmin, aMealPointBody()).expect(201)).body;
    const operator = await aUser(api, ['meal_point_operator'], { mealPointId: point.id });
    const saved = await request(api.url).put(`/api/v1/meal-points/${point.id}/menus/2026-12-01`).set(bearer(operator))
      .send({ meals: { lunch: ['清蒸鲈鱼', '番茄炒蛋', '米饭'] } });
    expect(saved.status).toBe(200);
    const read = await request(api.url).get(`/api/v1/meal-points/${point.id}/menus/2026-12-01`).set(bearer(await aVolunteer(api)));
    expect(read.body.meals.lunch).toEqual(['清蒸鲈鱼', '番茄炒蛋', '米饭']);
    const breakfast = await request(api.url).put(`/api/v1/meal-points/${point.id}/menus/2026-12-01`).set(bearer(operator))
      .send({ meals: { breakfast: ['包子'] } });
    expect(breakfast.status).toBe(400);
    expect((await request(api.url).put(`/api/v1/meal-points/${point.id}/menus/2026-02-30`).set(bearer(operator)).send({ meals: {} })).status).toBe(400);
  });
});

describe('/api/v1/meal-subsidy-rules', () => {
  const rules = {
    ageBands: { '60+': 100, '70+': 300, '80+': 600 },
    statuses: { dibao: 400, tekun: 800, disabled: 300 },
    stacking: 'sum', caps: { perDay: 1, perWeek: 4 }, welfareAlertAfterMisses: 3,
  };

  it('when the city admin sets the rules, then everyone reads them; nobody else may set them', async () => {
    expect((await request(api.url).put('/api/v1/meal-subsidy-rules').set(bearer(districtAdmin)).send(rules)).status).toBe(403);
    expect((await request(api.url).put('/api/v1/meal-subsidy-rules').set(bearer(cityAdmin)).send({ ...rules, caps: { perDay: -1, perWeek: 4 } })).status).toBe(400);
    expect((await request(api.url).put('/api/v1/meal-subsidy-rules').set(bearer(cityAdmin)).send(rules)).status).toBe(200);
    const read = await request(api.url).get('/api/v1/meal-subsidy-rules').set(bearer(await aVolunteer(api)));
    expect(read.body).toEqual(rules);
  });
});
