import { CodedHttpException } from '@avrr/auth';
import { HttpStatus } from '@nestjs/common';

/** 410: the case is still listed with its non-personal facts, but its personal data was erased (retention). */
export const caseAnonymised = () =>
  new CodedHttpException(
    HttpStatus.GONE,
    'CASE_ANONYMISED',
    'The personal data of this case was erased at the end of its retention period',
  );
