// Live check: a little after typing stops (300 ms), the project's files are sent to
// the machine to compile without running ("check"), so errors and warnings show as
// markers while the student types (and, in system mode, so do the description's
// problems: the machine checks it with the files). A running program is not
// disturbed. UI layer.

import { sendCheck } from './labClient.ts';
import { useLab } from './store.ts';

export const CHECK_DELAY_MS = 300;

export function installLiveCheck(delayMs = CHECK_DELAY_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = useLab.subscribe((s, prev) => {
    if (s.files === prev.files && s.system === prev.system) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      sendCheck(useLab.getState().files);
    }, delayMs);
  });
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
  };
}
