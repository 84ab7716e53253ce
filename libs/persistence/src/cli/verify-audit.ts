import { loadConfig } from '@avrr/config';
import { AuditChainRepository } from '../audit-chain.repository';
import { createDataSource } from '../data-source';

/**
 * `npm run audit:verify [-- <caseId>...]`: verifies the hash chain of every case's audit trail (or the cases named),
 * prints each case whose chain is broken with its first broken link, and exits 1 if any is.
 */
async function main() {
  const config = loadConfig();
  const ds = await createDataSource(config).initialize();
  const chain = new AuditChainRepository(ds);
  let checked = 0;
  let broken = 0;
  const report = async (caseId: string) => {
    const v = await chain.verify(caseId);
    checked++;
    if (!v.intact && v.firstBroken) {
      broken++;
      const b = v.firstBroken;
      console.log(`BROKEN ${caseId}: link ${b.chainSeq} (version ${b.version}, ${b.recordedAt}): ${b.reason}`);
    }
  };
  try {
    const named = process.argv.slice(2);
    if (named.length) for (const id of named) await report(id);
    else {
      let after: string | null = null;
      for (;;) {
        const page = await chain.caseIds(after, 500);
        if (!page.length) break;
        for (const id of page) await report(id);
        after = page[page.length - 1];
        process.stdout.write(`    ${checked} cases checked\r`);
      }
    }
  } finally {
    await ds.destroy();
  }
  console.log(`${checked} case(s) checked, ${broken} with a broken audit chain`);
  if (broken) process.exit(1);
}

main().catch((err) => {
  console.error(`audit verification failed: ${err instanceof Error ? err.message : err}`);
  process.exit(2);
});
