import { CodedHttpException, hashPassword, SessionStateCache, StaffUser } from '@avrr/auth';
import { isIanaTimeZone, scopeProblem, type Role } from '@avrr/domain';
import { Actor, AdminRepository, StaffRecord, UserChange } from '@avrr/persistence';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  AuditQuery,
  CreateOfficeRequest,
  CreateUserRequest,
  ListUsersQuery,
  ResetPasswordRequest,
  UpdateOfficeRequest,
  UpdateUserRequest,
} from './admin.dto';
import { checkSlaOverrides, checkWebhook } from './office-settings.rules';

const actorOf = (user: StaffUser): Actor => ({ id: user.id, username: user.username });
const userNotFound = () => new CodedHttpException(HttpStatus.NOT_FOUND, 'USER_NOT_FOUND', 'No such user');
const officeNotFound = (code: string) =>
  new CodedHttpException(HttpStatus.NOT_FOUND, 'UNKNOWN_OFFICE', `No office ${code}`);

/**
 * A generated password: 18 random bytes, base64url (24 characters, 144 bits). Shown once to the administrator who
 * asked for it and stored only as a hash; the administrator hands it to the user over a channel they trust.
 */
const generatedPassword = () => randomBytes(18).toString('base64url');

@Injectable()
export class AdminService {
  constructor(
    private readonly admin: AdminRepository,
    private readonly sessions: SessionStateCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  listUsers(query: ListUsersQuery): Promise<StaffRecord[]> {
    return this.admin.listUsers(query);
  }

  async getUser(id: string): Promise<StaffRecord> {
    return (await this.admin.findUser(id)) ?? Promise.reject(userNotFound());
  }

  async createUser(actor: StaffUser, body: CreateUserRequest) {
    const scope = await this.scope(body.role, body.office ?? null);
    const temporaryPassword = body.password ? undefined : generatedPassword();
    const user = await this.admin.createUser(actorOf(actor), {
      id: randomUUID(),
      username: body.username,
      displayName: body.displayName,
      role: body.role,
      ...scope,
      passwordHash: await hashPassword(body.password ?? temporaryPassword!),
    });
    if (!user)
      throw new CodedHttpException(HttpStatus.CONFLICT, 'USERNAME_TAKEN', `The username ${body.username} is taken`);
    return { user, ...(temporaryPassword ? { temporaryPassword } : {}) };
  }

  /**
   * Role, office and active flag. A change of role or office, and disabling, end the user's sessions: their tokens
   * carry the old role and scope, which must not outlive the change.
   */
  async updateUser(actor: StaffUser, id: string, body: UpdateUserRequest): Promise<StaffRecord> {
    const current = await this.getUser(id);
    const role = body.role ?? current.role;
    const office = body.office !== undefined ? body.office : current.office;
    const scopeChanged = role !== current.role || office !== current.office;
    const change: UserChange = { displayName: body.displayName, active: body.active };
    if (scopeChanged || body.role !== undefined || body.office !== undefined)
      Object.assign(change, { role }, await this.scope(role, office));
    if ((current.role === 'admin' && role !== 'admin') || (current.role === 'admin' && body.active === false))
      await this.keepAnAdministrator(current);
    const deactivating = body.active === false && current.active;
    change.revokeSessions = scopeChanged || deactivating;
    const action =
      body.active === false && current.active
        ? 'USER_DISABLED'
        : body.active === true && !current.active
          ? 'USER_ENABLED'
          : 'USER_UPDATED';
    const updated = await this.admin.updateUser(actorOf(actor), id, change, action);
    this.sessions.forget(id);
    return updated ?? Promise.reject(userNotFound());
  }

  /** Sets the given password, or a generated one returned once; either way every session of the user ends. */
  async resetPassword(actor: StaffUser, id: string, body: ResetPasswordRequest) {
    const temporaryPassword = body.password ? undefined : generatedPassword();
    const user = await this.admin.updateUser(
      actorOf(actor),
      id,
      { passwordHash: await hashPassword(body.password ?? temporaryPassword!), revokeSessions: true },
      'USER_PASSWORD_RESET',
    );
    this.sessions.forget(id);
    if (!user) throw userNotFound();
    return { user, ...(temporaryPassword ? { temporaryPassword } : {}) };
  }

  async signOut(actor: StaffUser, id: string): Promise<StaffRecord> {
    const user = await this.admin.updateUser(actorOf(actor), id, { revokeSessions: true }, 'USER_SIGNED_OUT');
    this.sessions.forget(id);
    return user ?? Promise.reject(userNotFound());
  }

  listOffices() {
    return this.admin.listOffices();
  }

  async createOffice(actor: StaffUser, body: CreateOfficeRequest) {
    this.checkTimeZone(body.timeZone);
    await this.checkSettings(body);
    if (!body.code.startsWith(`${body.country}-`))
      throw new CodedHttpException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The code must start with the country');
    const { code, kind, country, name, timeZone, currency, ...settings } = body;
    const office = await this.admin.saveOffice(
      actorOf(actor),
      code,
      { kind, country, name, timeZone, currency: currency ?? null },
      settings,
      'create',
    );
    if (!office) throw new CodedHttpException(HttpStatus.CONFLICT, 'OFFICE_EXISTS', `The office ${code} exists`);
    return office;
  }

  /** Also serves PUT /ops/offices/:office/settings, so the calendar has one set of rules and one audit trail. */
  async updateOffice(actor: StaffUser, code: string, body: UpdateOfficeRequest) {
    if (body.timeZone !== undefined) this.checkTimeZone(body.timeZone);
    await this.checkSettings(body);
    const { name, timeZone, currency, ...settings } = body;
    const office = await this.admin.saveOffice(actorOf(actor), code, { name, timeZone, currency }, settings, 'update');
    return office ?? Promise.reject(officeNotFound(code));
  }

  async audit(query: AuditQuery) {
    const limit = query.limit ?? 100;
    const items = await this.admin.auditLog({ ...query, limit });
    return { items, nextBefore: items.length === limit ? items[items.length - 1].id : null };
  }

  /** SLA overrides the monitor can read, and a webhook to a public address only. */
  private async checkSettings(body: { slaOverrides?: unknown; webhookUrl?: string | null }): Promise<void> {
    checkSlaOverrides(body.slaOverrides);
    await checkWebhook(body.webhookUrl ?? undefined, this.config.webhookAllowPrivateTargets);
  }

  private checkTimeZone(zone: string): void {
    if (!isIanaTimeZone(zone))
      throw new CodedHttpException(
        HttpStatus.BAD_REQUEST,
        'INVALID_TIME_ZONE',
        `${zone} is not an IANA time zone (e.g. Africa/Casablanca)`,
      );
  }

  /** The role's office, checked against the register; the country is the office's. */
  private async scope(
    role: Role,
    officeCode: string | null,
  ): Promise<{ office: string | null; country: string | null }> {
    const office = officeCode ? ((await this.admin.findOffice(officeCode)) ?? null) : null;
    const problem = scopeProblem(role, officeCode, office);
    if (problem) {
      const status = problem.code === 'UNKNOWN_OFFICE' ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
      throw new CodedHttpException(status, problem.code, problem.message);
    }
    return { office: office?.code ?? null, country: office?.country ?? null };
  }

  /** The last active administrator cannot be disabled or demoted: nobody could administer the engine after. */
  private async keepAnAdministrator(user: StaffRecord): Promise<void> {
    if (user.active && (await this.admin.countActiveAdmins()) <= 1)
      throw new CodedHttpException(
        HttpStatus.CONFLICT,
        'LAST_ADMINISTRATOR',
        'This is the last active administrator; create or enable another one first',
      );
  }
}
