import { Module } from '@nestjs/common';
import { BranchMutationsResolver } from '../branch-records/branch-mutations.resolver.js';
import { RecordBranchActionHandler } from '../branch-records/record-branch-action.js';
import { PeopleResolver } from '../people/people.resolver.js';
import { PersonRegistry } from '../people/person-registry.js';
import { TrainingMutationsResolver } from '../training-records/training-mutations.resolver.js';
import { UniversityMutationsResolver } from '../university-records/university-mutations.resolver.js';
import { CommandRecorder } from './command-recorder.js';
import { OrganizationLookup } from './organization-lookup.js';
import { StreamStates } from './stream-states.js';

/** The write side: every mutation of the contract except policy publishing. */
@Module({
  providers: [
    StreamStates,
    CommandRecorder,
    OrganizationLookup,
    PersonRegistry,
    RecordBranchActionHandler,
    BranchMutationsResolver,
    UniversityMutationsResolver,
    TrainingMutationsResolver,
    PeopleResolver,
  ],
  exports: [CommandRecorder, OrganizationLookup, PersonRegistry],
})
export class RecordingModule {}
