import { useId } from 'react';
import { ROLES_FOR } from '../roles';
import { useTitle } from '../router';
import { useSession } from '../session';
import { DestinationsSection } from './destinations-section';
import { JobsSection } from './jobs-section';
import { PoliciesSection } from './policies-section';

/** Footage and the database copied off the box: destinations, policies, jobs with their progress. */
export function BackupPage() {
  useTitle('Backup');
  const { can } = useSession();
  const id = useId();
  if (!can(ROLES_FOR.integrations)) return <p className="notice notice-error">Only an admin can manage backups.</p>;
  return (
    <>
      <h1 id={id}>Backup</h1>
      <DestinationsSection />
      <PoliciesSection />
      <JobsSection />
    </>
  );
}
