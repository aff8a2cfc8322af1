import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolatedError } from '../../domain-errors.js';
import {
  branchId,
  established,
  everyCommand,
  findingResolved,
  healthChecked,
  rate,
  screened,
  spec,
  today,
} from '../branch-examples.js';

describe('branch decider: records', () => {
  describe('AdoptAnnualPlan (一表)', () => {
    it('records the months', () => {
      spec.given([established]).when(everyCommand.AdoptAnnualPlan).then([
        { type: 'AnnualPlanAdopted', data: { year: 2018, months: [{ month: 1, study: '学习', activity: '活动' }] } },
      ]);
    });

    it('refuses a month planned twice', () => {
      spec
        .given([established])
        .when({
          type: 'AdoptAnnualPlan',
          data: { branchId, year: 2018, months: [{ month: 3, study: 'a', activity: 'b' }, { month: 3, study: 'c', activity: 'd' }] },
        })
        .thenThrows(InvalidInputError, /a month is planned once: 3 is named twice/);
    });
  });

  describe('RateBranch (评星定级)', () => {
    it('records the stars', () => {
      spec.given([established]).when(rate(5)).then([{ type: 'BranchRated', data: { year: 2018, stars: 5 } }]);
    });

    it.each(['WEAK_LAX', 'LAGGING'] as const)('refuses 3 stars or more in a year screened %s (RATING_CAPPED_BY_SCREENING)', (outcome) => {
      spec.given([established, screened(2018, outcome)]).when(rate(3)).thenThrows(RuleViolatedError, 'RATING_CAPPED_BY_SCREENING');
    });

    it('accepts 2 stars in a weak year, and any rating in another year', () => {
      spec.given([established, screened(2018, 'WEAK_LAX')]).when(rate(2)).then([{ type: 'BranchRated', data: { year: 2018, stars: 2 } }]);
      spec.given([established, screened(2018, 'WEAK_LAX')]).when(rate(5, 2019)).then([{ type: 'BranchRated', data: { year: 2019, stars: 5 } }]);
    });

    it('follows the latest screening of the year', () => {
      spec
        .given([established, screened(2018, 'WEAK_LAX', '2018-03-01'), screened(2018, 'NORMAL', '2018-06-01')])
        .when(rate(4))
        .then([{ type: 'BranchRated', data: { year: 2018, stars: 4 } }]);
      // a screening recorded later but dated earlier does not replace the one in force
      spec
        .given([established, screened(2018, 'WEAK_LAX', '2018-06-01'), screened(2018, 'NORMAL', '2018-03-01')])
        .when(rate(4))
        .thenThrows(RuleViolatedError, 'RATING_CAPPED_BY_SCREENING');
    });
  });

  describe('RecordHealthCheck (体检)', () => {
    it('records the findings', () => {
      spec
        .given([established])
        .when({
          type: 'RecordHealthCheck',
          data: {
            branchId,
            year: 2018,
            on: '2018-04-20',
            findings: [
              { findingId: 'f1', area: 'VENUE', description: '缺少活动场所' },
              { findingId: 'f2', area: 'SYSTEMS', description: '制度不全' },
            ],
            today,
          },
        })
        .then([healthChecked]);
    });

    it('refuses a finding id already used', () => {
      spec
        .given([established, healthChecked])
        .when({
          type: 'RecordHealthCheck',
          data: { branchId, year: 2019, on: '2018-06-01', findings: [{ findingId: 'f2', area: 'TEAM', description: 'x' }], today },
        })
        .thenThrows(AlreadyExistsError, /finding f2 is recorded already/);
    });

    it('refuses a finding id named twice', () => {
      spec
        .given([established])
        .when({
          type: 'RecordHealthCheck',
          data: {
            branchId,
            year: 2018,
            on: '2018-06-01',
            findings: [
              { findingId: 'f9', area: 'TEAM', description: 'x' },
              { findingId: 'f9', area: 'VENUE', description: 'y' },
            ],
            today,
          },
        })
        .thenThrows(InvalidInputError, /a finding is recorded once: f9 is named twice/);
    });
  });

  describe('ResolveFinding', () => {
    it('resolves a finding', () => {
      spec.given([established, healthChecked]).when(everyCommand.ResolveFinding).then([
        { type: 'FindingResolved', data: { findingId: 'f1', on: '2018-06-01', note: '整改' } },
      ]);
    });

    it('refuses a finding never recorded', () => {
      spec.given([established]).when(everyCommand.ResolveFinding).thenThrows(NotFoundError, /finding f1/);
    });

    it('refuses a finding resolved already (FINDING_ALREADY_RESOLVED)', () => {
      spec
        .given([established, healthChecked, findingResolved])
        .when(everyCommand.ResolveFinding)
        .thenThrows(RuleViolatedError, 'FINDING_ALREADY_RESOLVED');
    });
  });

  describe('ReviewSecretary (述职评议考核)', () => {
    it('records the grade', () => {
      spec.given([established]).when(everyCommand.ReviewSecretary).then([{ type: 'SecretaryReviewed', data: { year: 2018, grade: 'GOOD' } }]);
    });
  });

  describe('AssignLiaison (联系指导)', () => {
    it('records the liaison leader', () => {
      spec.given([established]).when(everyCommand.AssignLiaison).then([
        { type: 'LiaisonAssigned', data: { liaisonLeaderId: 'leader', on: '2018-06-01' } },
      ]);
    });
  });

  describe('RecordPersonnelReview (把好政治关、师德关)', () => {
    it('records the review, a missing note as null', () => {
      spec.given([established]).when(everyCommand.RecordPersonnelReview).then([
        { type: 'PersonnelReviewRecorded', data: { on: '2018-06-01', matter: 'PROMOTION', note: null } },
      ]);
    });
  });

  describe('AllocateFunds and RecordFundsUse (活动经费)', () => {
    it('records an allocation', () => {
      spec.given([established]).when(everyCommand.AllocateFunds).then([
        { type: 'FundsAllocated', data: { year: 2018, amountYuan: 5000 } },
      ]);
    });

    it('records a use', () => {
      spec.given([established]).when(everyCommand.RecordFundsUse).then([
        { type: 'FundsUsed', data: { year: 2018, on: '2018-06-01', amountYuan: 800, purpose: '购买学习资料' } },
      ]);
    });
  });

});
