import type { z } from 'zod';

const KINDS: Record<string, string> = {
  string: 'văn bản',
  number: 'số',
  object: 'một đối tượng JSON',
  array: 'một danh sách',
  boolean: 'đúng/sai',
};

/**
 * zod's issues as short Vietnamese sentences, for the APIs a team uses from /admin: the page shows
 * them as they are, after the field name. Messages written on a schema itself take precedence.
 */
export const vietnameseIssues: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'bắt buộc phải có' : `phải là ${KINDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `phải là một trong: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'không được để trống' : `phải có ít nhất ${issue.minimum} ký tự`;
      return issue.origin === 'array' ? `phải có ít nhất ${issue.minimum} mục` : `phải từ ${issue.minimum} trở lên`;
    case 'too_big':
      if (issue.origin === 'string') return `dài tối đa ${issue.maximum} ký tự`;
      return issue.origin === 'array' ? `có tối đa ${issue.maximum} mục` : `phải từ ${issue.maximum} trở xuống`;
    case 'invalid_format':
      return 'không đúng định dạng';
    case 'unrecognized_keys':
      return `không nhận trường ${issue.keys.join(', ')}`;
    default:
      return 'không hợp lệ';
  }
};
