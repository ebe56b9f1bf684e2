import { ApiError } from '@shared/api.ts';

/** `lines[0][unit_amount]` -> `lines.0.unit_amount`, the path @mantine/form uses. */
export function fieldOf(param: string): string {
  return param.replace(/\[(\w+)\]/g, '.$1');
}

type FormLike = { setFieldError: (path: string, message: string) => void; getValues: () => unknown };

function hasPath(values: unknown, path: string): boolean {
  let node: unknown = values;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in (node as object))) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

/**
 * Puts the server's complaint on the field it names (ApiError.param) when the form has that
 * field; `aliases` maps API names to form fields where they differ. Returns whether it did.
 */
export function showFieldError(form: FormLike, error: unknown, aliases: Record<string, string> = {}): boolean {
  if (!(error instanceof ApiError) || !error.param) return false;
  const field = aliases[error.param] ?? fieldOf(error.param);
  if (!hasPath(form.getValues(), field)) return false;
  form.setFieldError(field, error.message);
  return true;
}
