import { useId } from 'react';
import { ROLES_FOR } from '../roles';
import { useTitle } from '../router';
import { useSession } from '../session';
import { ModulesSection } from './integrations/modules-section';
import { WebhooksSection } from './integrations/webhooks-section';

/**
 * Everything that carries Heldar's events to other systems: webhooks and module sidecars here; the
 * MQTT and email sections (./integrations/mqtt-section.tsx, ./integrations/email-section.tsx) mount
 * in the marked place below, each a self-contained <section className="panel">.
 */
export function IntegrationsPage() {
  useTitle('Integrations');
  const { can } = useSession();
  const id = useId();
  if (!can(ROLES_FOR.integrations)) return <p className="notice notice-error">Only an admin can manage integrations.</p>;
  return (
    <>
      <h1 id={id}>Integrations</h1>
      <WebhooksSection />
      {/* MQTT and email: <MqttSection /> and <EmailSection /> mount here. */}
      <ModulesSection />
    </>
  );
}
