import { Module } from '@nestjs/common';
import { CommandRecorder } from './command-recorder.js';
import { OrganizationLookup } from './organization-lookup.js';
import { StreamStates } from './stream-states.js';

/** The write path every command handler shares: streams folded, decided and appended. */
@Module({
  providers: [StreamStates, CommandRecorder, OrganizationLookup],
  exports: [CommandRecorder, OrganizationLookup],
})
export class RecordingModule {}
