export const ROLES = [
  'volunteer',
  'donor',
  'community_staff',
  'meal_point_operator',
  'org_admin',
  'district_admin',
  'city_admin',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  volunteer: '志愿者',
  donor: '爱心人士',
  community_staff: '社区工作者',
  meal_point_operator: '助餐点',
  org_admin: '公益组织',
  district_admin: '区（市）县民政局',
  city_admin: '市民政局',
};

/** What a role holder is responsible for; a role without a scope applies to the user only. */
export interface Scopes {
  /** 12-digit community code for community staff. */
  communityCode?: string;
  organizationId?: string;
  /** 6-digit county-level division code for district admins. */
  districtCode?: string;
  mealPointId?: string;
}

/** Who is acting: the identity every service receives, never the HTTP request. */
export interface Actor {
  userId: string;
  roles: Role[];
  scopes: Scopes;
}
