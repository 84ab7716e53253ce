/** The administration endpoints through the typed client, as TanStack Query hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type AdminUser = components['schemas']['AdminUserResponse'];
export type AdminOffice = components['schemas']['AdminOfficeResponse'];
export type CreateUserInput = components['schemas']['CreateUserRequest'];
export type UpdateUserInput = components['schemas']['UpdateUserRequest'];
export type CreateOfficeInput = components['schemas']['CreateOfficeRequest'];
export type UpdateOfficeInput = components['schemas']['UpdateOfficeRequest'];
export type UserWithPassword = components['schemas']['AdminUserWithPasswordResponse'];
export type AuditEntry = components['schemas']['AdminAuditEntryResponse'];

export function useUsers() {
  return useQuery({
    queryKey: ['admin', 'users'],
    queryFn: async () => (await unwrap<{ items: AdminUser[] }>(api.GET('/admin/users', {}))).items,
  });
}

export function useOffices() {
  return useQuery({
    queryKey: ['admin', 'offices'],
    queryFn: () => unwrap<AdminOffice[]>(api.GET('/admin/offices', {})),
  });
}

export function useAudit(targetType: 'USER' | 'OFFICE', targetId: string) {
  return useQuery({
    queryKey: ['admin', 'audit', targetType, targetId],
    queryFn: async () =>
      (
        await unwrap<{ items: AuditEntry[] }>(
          api.GET('/admin/audit', { params: { query: { targetType, targetId, limit: 50 } } }),
        )
      ).items,
  });
}

/** Every change reloads the registers and the audit trail. */
function useAdminMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: ['admin'] }) });
}

export const useCreateUser = () =>
  useAdminMutation((body: CreateUserInput) => unwrap<UserWithPassword>(api.POST('/admin/users', { body })));

export const useUpdateUser = () =>
  useAdminMutation(({ id, body }: { id: string; body: UpdateUserInput }) =>
    unwrap<AdminUser>(api.PATCH('/admin/users/{userId}', { params: { path: { userId: id } }, body })),
  );

export const useResetPassword = () =>
  useAdminMutation((id: string) =>
    unwrap<UserWithPassword>(
      api.POST('/admin/users/{userId}/password', { params: { path: { userId: id } }, body: {} }),
    ),
  );

export const useSignOutUser = () =>
  useAdminMutation((id: string) =>
    unwrap<AdminUser>(api.POST('/admin/users/{userId}/sign-out', { params: { path: { userId: id } }, body: {} })),
  );

export const useCreateOffice = () =>
  useAdminMutation((body: CreateOfficeInput) => unwrap<AdminOffice>(api.POST('/admin/offices', { body })));

export const useUpdateOffice = () =>
  useAdminMutation(({ code, body }: { code: string; body: UpdateOfficeInput }) =>
    unwrap<AdminOffice>(api.PUT('/admin/offices/{office}', { params: { path: { office: code } }, body })),
  );

/** Roles an administrator may give (the API's ASSIGNABLE_ROLES). */
export const ROLES = [
  'officer',
  'supervisor',
  'protection',
  'medical',
  'movement',
  'counterpart',
  'finance',
  'operations',
  'admin',
] as const;
