import { hashPassword } from '../password';

/**
 * Prints the stored form of a password read from standard input (never from the command line, where it would land in
 * the shell history and the process list), for INITIAL_ADMIN_PASSWORD_HASH:
 *   printf '%s' "$PASSWORD" | node dist/libs/auth/src/cli/hash-password.js
 */
async function main() {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const password = input.replace(/\r?\n$/, '');
  if (password.length < 12) throw new Error('the password must be at least 12 characters');
  console.log(await hashPassword(password));
}

main().catch((err) => {
  console.error(`hash-password: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
