// Page entry: connects the lab to the machine worker, installs shortcuts and the
// test hooks, and mounts the React tree. UI layer.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectLab } from '../state/labClient.ts';
import { installLiveCheck } from '../state/liveCheck.ts';
import { installPersistence } from '../state/persist.ts';
import { installAddressListeners, openFromAddress } from '../state/sharing.ts';
import { createWorkerTransport } from '../state/workerBridge.ts';
import { App } from './App.tsx';
import { installShortcuts } from './shortcuts.ts';
import { installTestHooks } from './testHooks.ts';
import './styles.css';

// The saved work comes back first; a share link or ?scenario= in the address then
// replaces it (or leaves it untouched and says why it could not be opened).
void installPersistence(() => openFromAddress()).then(() => installAddressListeners());
connectLab(createWorkerTransport());
installLiveCheck();
installShortcuts();
installTestHooks();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
