import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { createAccount, jsEnabled, open, ownerName, requireReauthentication, secondDevice, settle, signIn, signInInSpanish, streamFromTv } from './support';

test.describe('a browser that asks for Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('reads the sign-in page in Spanish and signs in by its Spanish names', async ({ page }, info) => {
    const account = createAccount(info);
    await open(page, '/login', info);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page).toHaveTitle('Iniciar sesión · Kinoguard');
    await expect(page.getByRole('heading', { name: 'Iniciar sesión', level: 1 })).toBeVisible();
    await expect(page.getByLabel('Idioma')).toHaveValue('es');

    await page.getByLabel('Correo electrónico o número de teléfono').fill(account.email);
    await page.getByLabel('Contraseña').fill(account.password);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await expect(page).toHaveURL('/profiles');
  });
});

test('the language chosen in the footer changes the page and is kept', async ({ page }, info) => {
  await open(page, '/login?signed_out=1', info);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('status')).toHaveText('You signed out.');

  const footer = page.getByRole('contentinfo');
  await footer.getByLabel('Language').selectOption({ label: 'Español' });
  await footer.getByRole('button', { name: 'Change language' }).click();

  // In place with JavaScript; without it, the server sends the same page back rewritten.
  await expect(page.getByRole('heading', { name: 'Iniciar sesión', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page).toHaveTitle('Iniciar sesión · Kinoguard');
  await expect(page.getByRole('status')).toHaveText('Cerraste sesión.');
  await expect(page).toHaveURL('/login?signed_out=1');
  await expect(footer.getByRole('link', { name: 'Centro de ayuda' })).toBeVisible();
  await expect(footer.getByRole('button', { name: 'Cambiar idioma' })).toBeEnabled();

  // The next page, and the next visit, stay in Spanish.
  await open(page, '/no-such-page', info);
  await expect(page.getByRole('heading', { name: 'Página no encontrada', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Ir a la página de inicio' }).click();
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Iniciar sesión', level: 1 })).toBeVisible();

  // And back.
  await page.getByRole('contentinfo').getByLabel('Idioma').selectOption({ label: 'English' });
  await page.getByRole('contentinfo').getByRole('button', { name: 'Cambiar idioma' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  if (jsEnabled(info)) {
    // The hydrated page changed in place: no new document was loaded.
    await expect(page.locator('html[data-hydrated]')).toBeAttached();
  }
});

test('the language chosen on Account follows the account to its other devices', async ({ page, browser }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account', info);
  const card = page.getByRole('region', { name: 'Language' });
  await expect(card.getByLabel('Language')).toHaveValue('en');
  await card.getByLabel('Language').selectOption({ label: 'Español' });
  await card.getByRole('button', { name: 'Change language' }).click();

  await expect(page.getByRole('heading', { name: 'Cuenta', level: 1 })).toBeVisible();
  await expect(page).toHaveURL('/account');
  await expect(page.getByText('1 dispositivo tiene la sesión iniciada en tu cuenta.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Idioma' }).getByLabel('Idioma')).toHaveValue('es');
  await expect(page.getByRole('link', { name: 'Cambiar contraseña' })).toBeVisible();

  // Another device, whose browser asks for English: signed out it reads English, signed
  // in to the account it reads Spanish.
  const other = await secondDevice(browser, info);
  const phone = await other.newPage();
  await signIn(phone, info, account.email);
  await expect(phone).toHaveURL('/profiles');
  await open(phone, '/account', info);
  await expect(phone.getByRole('heading', { name: 'Cuenta', level: 1 })).toBeVisible();
  await expect(phone.getByText('2 dispositivos tienen la sesión iniciada en tu cuenta.')).toBeVisible();
  await other.close();
});

test.describe('a subscriber who reads Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('signs out of all devices by the Spanish names, and is told why on another device', async ({ page, browser }, info) => {
    const account = createAccount(info);
    const other = await secondDevice(browser, info, 'es-ES');
    const otherPage = await other.newPage();
    for (const p of [otherPage, page]) await signInInSpanish(p, info, account);
    await open(otherPage, '/account', info);
    await open(page, '/account', info);
    await expect(page.getByText('2 dispositivos tienen la sesión iniciada en tu cuenta.')).toBeVisible();

    await page.getByRole('button', { name: 'Cerrar sesión en todos los dispositivos' }).click();
    const question = '¿Cerrar sesión en todos los dispositivos?';
    const who = 'Se cerrará la sesión en los 2 dispositivos con sesión iniciada, este incluido, de inmediato';
    if (jsEnabled(info)) {
      const dialog = page.getByRole('dialog', { name: question });
      await expect(dialog).toContainText(who);
      await expect(dialog.getByRole('button', { name: 'Cancelar' })).toBeFocused();
      await dialog.getByRole('button', { name: 'Cerrar sesión en todos los dispositivos' }).click();
    } else {
      await expect(page.getByRole('heading', { name: question, level: 1 })).toBeVisible();
      await expect(page.getByText(who)).toBeVisible();
      await page.getByRole('button', { name: 'Cerrar sesión en todos los dispositivos' }).click();
    }
    await expect(page).toHaveURL('/login?signed_out=all');
    await expect(page.getByRole('status')).toHaveText(
      'Cerraste sesión en todos los dispositivos. Todos, este incluido, deben volver a iniciar sesión.',
    );

    if (jsEnabled(info)) {
      const notice = otherPage.getByRole('alert');
      await expect(notice.getByRole('heading', { name: 'Se cerró tu sesión' })).toBeVisible();
      await expect(notice).toContainText(
        'Se cerró tu sesión: alguien eligió «Cerrar sesión en todos los dispositivos» en esta cuenta.',
      );
      await expect(notice.getByRole('link', { name: 'Volver a iniciar sesión' })).toBeVisible();
    } else {
      await otherPage.goto('/account');
      await expect(otherPage.getByRole('heading', { name: 'Iniciar sesión', level: 1 })).toBeVisible();
    }
    await other.close();
  });
});

test.describe('a subscriber who reads Spanish, on Manage access and devices', () => {
  test.use({ locale: 'es-ES' });

  test('signs another device out by the Spanish names', async ({ page, browser }, info) => {
    const account = createAccount(info);
    const other = await secondDevice(browser, info, 'es-ES');
    const otherPage = await other.newPage();
    for (const p of [otherPage, page]) await signInInSpanish(p, info, account);
    await open(otherPage, '/account', info);

    await open(page, '/account/devices', info);
    await expect(page.getByRole('heading', { name: 'Gestionar acceso y dispositivos', level: 1 })).toBeVisible();
    const cards = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) });
    await expect(cards).toHaveCount(2);
    const badge = page.getByText('Este dispositivo', { exact: true });
    const mine = cards.filter({ has: badge });
    const theirs = cards.filter({ hasNot: badge });
    await expect(mine).toHaveCount(1);
    // Device names are said in Spanish too: "Chrome en Windows", not "Chrome on Windows".
    await expect(mine.getByRole('heading', { level: 2 })).toHaveText(/^Chrome en \S+$/);
    await expect(theirs.getByText('Dirección IP')).toBeVisible();
    await expect(theirs.getByText('Ubicación aproximada')).toBeVisible();
    const kind = info.project.name === 'phone' ? 'Teléfono' : 'Ordenador';
    await expect(theirs.getByText(kind, { exact: true })).toBeVisible();
    await theirs.getByRole('button', { name: /^Cerrar sesión en / }).click();

    await expect(page).toHaveURL('/account/devices?done=signed_out');
    await expect(page.getByRole('status')).toHaveText(
      'Se cerró la sesión del dispositivo. Todas las pantallas que tenía abiertas lo indican ya.',
    );
    await expect(cards.filter({ hasText: 'Sesión cerrada' })).toHaveCount(1);

    if (jsEnabled(info)) {
      await expect(otherPage.getByRole('alert')).toContainText(
        'Se cerró tu sesión: se cerró la sesión de este dispositivo desde otro dispositivo.',
      );
    } else {
      await otherPage.goto('/account');
      await expect(otherPage.getByRole('heading', { name: 'Iniciar sesión', level: 1 })).toBeVisible();
    }
    await other.close();
  });
});

test.describe('a subscriber who reads Spanish, in parental controls', () => {
  test.use({ locale: 'es-ES' });

  test('passes the password gate, sets a PIN, 7+ and a profile lock by the Spanish names', async ({ page }, info) => {
    const account = createAccount(info);
    await signInInSpanish(page, info, account);
    const owner = ownerName(account);

    requireReauthentication(account);
    await open(page, '/account', info);
    await page.getByRole('link', { name: `Controles parentales de ${owner}` }).click();
    await expect(page.getByText('Introduce la contraseña de tu cuenta para cambiar los controles parentales.')).toBeVisible();
    await settle(page, info);
    await page.getByLabel('Contraseña de la cuenta').fill(account.password);
    await page.getByRole('button', { name: 'Continuar' }).click();
    await expect(page.getByRole('heading', { name: `Controles parentales de ${owner}`, level: 1 })).toBeVisible();
    await expect(page).toHaveTitle('Controles parentales · Kinoguard');
    await settle(page, info);

    await page.getByLabel('PIN de 4 dígitos', { exact: true }).fill('4321');
    await page.getByRole('button', { name: 'Guardar PIN' }).click();
    await expect(page.getByText('La cuenta tiene un PIN.')).toBeVisible();

    await page.getByRole('radio', { name: '7+ — niños mayores' }).check();
    await page.getByRole('button', { name: 'Guardar', exact: true }).click();
    await expect(page.getByRole('radio', { name: '7+ — niños mayores' })).toBeChecked();

    await page.getByRole('searchbox', { name: 'Bloquear un título' }).fill('noche de animas');
    if (!jsEnabled(info)) await page.getByRole('button', { name: 'Buscar' }).click();
    await expect(page.getByRole('status').filter({ hasText: /coincide/ })).toHaveText('1 título coincide.');
    await page.getByRole('button', { name: /^Bloquear Noche de Ánimas/ }).click();
    await expect(page.getByRole('list', { name: 'Títulos bloqueados' })).toContainText('Noche de Ánimas');

    await page.getByLabel('PIN del perfil (4 dígitos)').fill('1357');
    await page.getByRole('button', { name: 'Bloquear perfil' }).click();
    await expect(page.getByRole('button', { name: 'Quitar bloqueo' })).toBeVisible();
    await expect(page.getByText(`${owner} está bloqueado: al cambiar a él se pide su PIN.`)).toBeVisible();

    // The services' own refusals are in Spanish too.
    await open(page, '/profiles', info);
    await page.getByRole('link', { name: new RegExp(owner) }).click();
    await expect(page.getByRole('heading', { name: `${owner} está bloqueado` })).toBeVisible();
    await settle(page, info);
    await page.getByLabel('PIN del perfil').fill('2468');
    await page.getByRole('button', { name: 'Continuar' }).click();
    await expect(page.getByRole('alert')).toHaveText('Ese PIN no es correcto.');
    await page.getByLabel('PIN del perfil').fill('1357');
    await page.getByRole('button', { name: 'Continuar' }).click();
    await expect(page).toHaveURL('/browse');

    // The security activity tells what changed in Spanish too.
    await open(page, '/account/security', info);
    const events = page.getByRole('main').getByRole('listitem');
    for (const detail of [
      'PIN creado',
      `${owner}: clasificación por edad fijada en 7+ — niños mayores`,
      `${owner}: se bloqueó Noche de Ánimas`,
      `${owner} se bloqueó con un PIN`,
      `PIN de bloqueo del perfil incorrecto en ${owner}`,
    ]) {
      await expect(events.filter({ hasText: detail })).toHaveCount(1);
    }
  });
});

test.describe('a subscriber who reads Spanish, changing the password', () => {
  test.use({ locale: 'es-ES' });

  test('chooses a profile and changes the password by the Spanish names, signing the other device out', async ({ page, browser }, info) => {
    const account = createAccount(info);
    const other = await secondDevice(browser, info, 'es-ES');
    const otherPage = await other.newPage();
    await signInInSpanish(otherPage, info, account);
    await signInInSpanish(page, info, account);
    await expect(page.getByRole('heading', { name: '¿Quién está viendo?', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Administrar perfiles' })).toBeVisible();

    await open(page, '/account/password', info);
    await expect(page).toHaveTitle('Cambiar contraseña · Kinoguard');
    await settle(page, info);
    await page.getByLabel('Contraseña actual').fill(account.password);
    await page.getByLabel('Nueva contraseña', { exact: true }).fill('palomitas en el sofá');
    await page.getByLabel('Confirma la nueva contraseña').fill('palomitas en la cama');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect(page.getByRole('alert')).toHaveText('Las dos contraseñas nuevas no coinciden.');
    await page.getByLabel('Contraseña actual').fill(account.password);
    await page.getByLabel('Nueva contraseña', { exact: true }).fill('palomitas en el sofá');
    await page.getByLabel('Confirma la nueva contraseña').fill('palomitas en el sofá');
    await expect(page.getByLabel('Cerrar sesión en todos los demás dispositivos')).toBeChecked();
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect(page).toHaveURL('/account?password_changed=others');
    await expect(page.getByRole('status')).toHaveText(
      'Tu contraseña se cambió y se cerró la sesión en todos los demás dispositivos.',
    );
    await otherPage.goto('/account');
    await expect(otherPage.getByRole('heading', { name: 'Iniciar sesión', level: 1 })).toBeVisible();
    await other.close();
  });
});

test.describe('a subscriber who reads Spanish, in the activity pages', () => {
  test.use({ locale: 'es-ES' });

  test('reads streaming, viewing and security activity in Spanish, and downloads the history with Spanish columns', async ({ page, request }, info) => {
    const account = createAccount(info);
    await streamFromTv(request, account, 2);
    await open(page, '/login', info);
    await page.getByLabel('Correo electrónico o número de teléfono').fill(account.email);
    await page.getByLabel('Contraseña').fill('no es la contraseña');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await signInInSpanish(page, info, account);

    await open(page, '/account', info);
    await page.getByRole('link', { name: 'Actividad reciente de streaming en dispositivos' }).click();
    await expect(page).toHaveURL('/account/streaming');
    await expect(page).toHaveTitle('Actividad reciente de streaming en dispositivos · Kinoguard');
    await expect(page.getByText(/Las ubicaciones son aproximadas/)).toBeVisible();
    const table = page.getByRole('region', { name: 'Reproducciones' });
    for (const column of ['Fecha y hora', 'Dispositivo', 'Dirección IP', 'Ubicación aproximada', 'Perfil', 'Título']) {
      await expect(table.getByRole('columnheader', { name: column })).toBeAttached();
    }
    const first = table.getByRole('row').nth(1);
    await expect(first).toContainText('Smart TV');
    await expect(first).toContainText('Red local');
    await expect(first.locator('td[data-label="Ubicación aproximada"]')).toHaveText('Red local');
    await page.getByLabel('Dispositivo').selectOption({ label: 'Smart TV' });
    await page.getByRole('button', { name: 'Mostrar' }).click();
    await expect(page).toHaveURL(/device=\d+/);
    await expect(page.getByLabel('Dispositivo').locator('option').first()).toHaveText('Todos los dispositivos');

    await open(page, '/account', info);
    await page.getByRole('link', { name: `Actividad de visualización de ${ownerName(account)}` }).click();
    await expect(page.getByRole('heading', { name: `Actividad de visualización de ${ownerName(account)}`, level: 1 })).toBeVisible();
    const items = page.getByRole('main').getByRole('listitem');
    await expect(items).toHaveCount(2);
    await expect(items.first().getByRole('button', { name: /^Ocultar .+ de la actividad de visualización$/ })).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Descargar todo (CSV)' }).click();
    const lines = readFileSync(await (await download).path(), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('Título,Fecha (UTC),Dispositivo');
    expect(lines).toHaveLength(3);

    await open(page, '/account/security', info);
    await expect(page.getByRole('heading', { name: 'Actividad de seguridad', level: 1 })).toBeVisible();
    const events = page.getByRole('main').getByRole('listitem');
    await expect(events.first()).toContainText('Sesión iniciada');
    await expect(events.filter({ hasText: 'Contraseña incorrecta' })).toHaveCount(1);
    await expect(events.filter({ hasText: 'Cuenta creada' })).toHaveCount(1);
    await expect(events.filter({ hasText: 'Red local' }).first()).toBeVisible();
  });
});

test.describe('a subscriber who reads Spanish, with profiles and titles', () => {
  test.use({ locale: 'es-ES' });

  test('adds, edits and deletes a profile, then finds and plays a title by the Spanish names', async ({ page }, info) => {
    const account = createAccount(info);
    await signInInSpanish(page, info, account);
    await page.getByRole('link', { name: 'Administrar perfiles' }).click();
    await expect(page).toHaveURL('/profiles/manage');
    await expect(page.getByText('Titular de la cuenta')).toBeVisible();
    await settle(page, info);
    await page.getByRole('link', { name: 'Añadir perfil' }).click();
    await expect(page).toHaveTitle('Añadir perfil · Kinoguard');
    await settle(page, info);
    await page.getByLabel('Nombre').fill('Robin');
    await page.getByRole('group', { name: 'Avatar' }).getByRole('radio', { name: 'Morado' }).check();
    await page.getByLabel('Perfil infantil (solo títulos para 7+ o menos)').check();
    await page.getByRole('button', { name: 'Guardar perfil' }).click();
    await expect(page).toHaveURL('/profiles/manage');
    await expect(page.getByRole('main').getByText('Infantil')).toBeVisible();

    await page.getByRole('link', { name: 'Editar Robin' }).click();
    await expect(page.getByRole('heading', { name: 'Editar perfil', level: 1 })).toBeVisible();
    await settle(page, info);
    await page.getByRole('link', { name: 'Eliminar perfil' }).click();
    await expect(page.getByRole('heading', { name: '¿Eliminar Robin?', level: 1 })).toBeVisible();
    await expect(page.getByText(/se eliminan para siempre/)).toBeVisible();
    await settle(page, info);
    await page.getByRole('button', { name: 'Eliminar perfil' }).click();
    await expect(page).toHaveURL('/profiles/manage');
    await expect(page.getByRole('main').getByText('Robin')).toHaveCount(0);

    await open(page, '/profiles', info);
    await page.getByRole('button', { name: ownerName(account), exact: true }).click();
    await expect(page).toHaveURL('/browse');
    await settle(page, info);
    await page.getByRole('searchbox', { name: 'Buscar títulos' }).fill('noche de animas');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await expect(page.getByRole('heading', { name: 'Resultados de «noche de animas»' })).toBeVisible();
    const results = page.getByRole('list', { name: 'Resultados de la búsqueda' });
    await results.getByRole('link', { name: /Noche de Ánimas/ }).click();
    await expect(page).toHaveURL(/\/watch\/\d+/);
    await settle(page, info);
    await expect(page.getByText(/ · (Película|Serie) · /)).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Listo para reproducir' })).toBeVisible();
    await page.getByRole('button', { name: 'Reproducir' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Reproduciendo' })).toBeVisible();
    await page.getByRole('button', { name: 'Detener' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Listo para reproducir' })).toBeVisible();
    await page.getByRole('link', { name: 'Volver al catálogo' }).click();
    await expect(page.getByRole('region', { name: /^Seguir viendo para / })).toBeVisible();

    await page.goto('/browse?q=zzzz');
    await expect(page.getByRole('heading', { name: 'Ningún título coincide con «zzzz»' })).toBeVisible();
    await open(page, '/help', info);
    await expect(page.getByRole('heading', { name: 'Creo que otra persona está usando mi cuenta' })).toBeVisible();
  });
});

test.describe('a subscriber in Tokyo who reads Spanish', () => {
  test.use({ locale: 'es-ES', timezoneId: 'Asia/Tokyo' });

  test('reads times in Tokyo time, in Spanish, also without JavaScript once the browser has told the server', async ({ page, context }, info) => {
    const account = createAccount(info);
    if (!jsEnabled(info)) {
      // Without JavaScript the server cannot know the zone: UTC, and it says so.
      await signInInSpanish(page, info, account);
      await open(page, '/account/security', info);
      await expect(page.getByRole('main').locator('time').first()).toHaveText(/ UTC$/);
      // As an earlier visit with JavaScript on would have left it.
      await context.addCookies([{ name: 'kg_tz', value: 'Asia/Tokyo', url: info.project.use.baseURL! }]);
    } else {
      await signInInSpanish(page, info, account);
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === 'kg_tz')?.value).toBe('Asia/Tokyo');
    }
    await open(page, '/account/security', info);
    const time = page.getByRole('main').locator('time').first();
    const iso = await time.getAttribute('datetime');
    const expected = new Date(iso!).toLocaleString('es', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' });
    await expect(time).toHaveText(expected);
    // What the server wrote is what the browser says: nothing changes on hydration.
    const served = await (await page.request.get('/account/security', { headers: { 'Accept-Language': 'es-ES' } })).text();
    expect(served).toContain(`>${expected}<`);
  });
});
