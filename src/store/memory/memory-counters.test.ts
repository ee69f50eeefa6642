import { runCountersContract } from '../counters-contract.js';
import { MemoryCounters } from './memory-counters.js';

runCountersContract('in-process', async () => new MemoryCounters());
