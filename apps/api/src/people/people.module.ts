import { Module } from '@nestjs/common';
import { RecordingModule } from '../recording/recording.module.js';
import { PeopleResolver } from './people.resolver.js';
import { PersonRegistry } from './person-registry.js';
import { ErasePersonHandler, RegisterPersonHandler } from './registering-people.js';

/** People: the registry of names (the only place they are kept), registration and erasure. */
@Module({
  imports: [RecordingModule],
  providers: [PersonRegistry, RegisterPersonHandler, ErasePersonHandler, PeopleResolver],
  exports: [PersonRegistry],
})
export class PeopleModule {}
