export { ApiErrorAlert } from './ApiErrorAlert';
export { DateTime, formatDateTime } from './DateTime';
export { Money, formatMoney } from './Money';
export { PageTitle } from './PageTitle';
export { RequirementList, type MemberNames } from './RequirementList';
