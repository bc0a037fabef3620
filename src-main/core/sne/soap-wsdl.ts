// The WSDL shipped in resources/wsdl/, rendered from the wire schema of soap-wire.ts so that the
// file the `soap` package reads and the codec can never disagree (a test compares the shipped
// file with this rendering). Dates are typed xs:string on purpose: the SNE's offsets and
// fractions are kept verbatim instead of being turned into Date objects by SOAP toolkits.
import {
  CERFA_CHAMPS,
  ELEMENT as E,
  ENDPOINT_PATH,
  NS,
  OPERATIONS,
  SERVICE,
  soapAction,
} from './soap-wire.ts';
import type { Champ, Noeud } from './soap-wire.ts';

function indent(depth: number): string {
  return '  '.repeat(depth);
}

function elementXsd(champ: Champ, depth: number, optional = false): string {
  const occurs = champ.nullable || optional ? ' minOccurs="0"' : '';
  return typeXsd(champ.noeud, champ.nom, occurs, depth);
}

function typeXsd(noeud: Noeud, nom: string, occurs: string, depth: number): string {
  const pad = indent(depth);
  switch (noeud.t) {
    case 'texte':
      return `${pad}<xs:element name="${nom}" type="xs:string"${occurs}/>\n`;
    case 'nombre':
      return `${pad}<xs:element name="${nom}" type="xs:decimal"${occurs}/>\n`;
    case 'booleen':
      return `${pad}<xs:element name="${nom}" type="xs:boolean"${occurs}/>\n`;
    case 'code':
      return `${pad}<xs:element name="${nom}" type="nuu:Code"${occurs}/>\n`;
    case 'fichier':
      return `${pad}<xs:element name="${nom}" type="nuu:Fichier"${occurs}/>\n`;
    case 'objet':
      return (
        `${pad}<xs:element name="${nom}"${occurs}>\n${pad}  <xs:complexType>\n` +
        `${pad}    <xs:sequence>\n` +
        noeud.champs.map((c) => elementXsd(c, depth + 3)).join('') +
        `${pad}    </xs:sequence>\n${pad}  </xs:complexType>\n${pad}</xs:element>\n`
      );
    case 'liste':
      return (
        `${pad}<xs:element name="${nom}"${occurs}>\n${pad}  <xs:complexType>\n` +
        `${pad}    <xs:sequence>\n` +
        typeXsd(noeud.noeud, noeud.item, ' minOccurs="0" maxOccurs="unbounded"', depth + 3) +
        `${pad}    </xs:sequence>\n${pad}  </xs:complexType>\n${pad}</xs:element>\n`
      );
  }
}

function demandeLogementXsd(): string {
  const [numUnique, ...cerfa] = CERFA_CHAMPS;
  const blocs = Object.values(OPERATIONS).flatMap((op) => (op.champ === null ? [] : [op.champ]));
  const anomalies: Champ = {
    nom: E.listeAnomalie,
    noeud: { t: 'liste', item: E.anomalie, noeud: { t: 'texte' } },
  };
  return (
    (numUnique === undefined ? '' : elementXsd(numUnique, 8)) +
    cerfa.map((c) => elementXsd(c, 8, true)).join('') +
    blocs.map((c) => elementXsd(c, 8, true)).join('') +
    elementXsd(anomalies, 8, true).replace(
      `<xs:element name="${E.anomalie}" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>`,
      `<xs:element name="${E.anomalie}" type="nuu:Anomalie" minOccurs="0" maxOccurs="unbounded"/>`,
    )
  );
}

function nuuSchema(): string {
  return `    <xs:schema targetNamespace="${NS.nuu}" elementFormDefault="qualified"
               xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:nuu="${NS.nuu}"
               xmlns:ws="${NS.ws}">
      <xs:import namespace="${NS.ws}"/>
      <xs:complexType name="Code">
        <xs:attribute name="${E.code}" type="xs:string" use="required"/>
      </xs:complexType>
      <xs:complexType name="Anomalie">
        <xs:sequence>
          <xs:element name="${E.libelle}" type="xs:string"/>
        </xs:sequence>
        <xs:attribute name="${E.code}" type="xs:string" use="required"/>
      </xs:complexType>
      <xs:complexType name="Fichier">
        <xs:simpleContent>
          <xs:extension base="xs:base64Binary">
            <xs:attribute ref="ws:${E.contentType}"/>
          </xs:extension>
        </xs:simpleContent>
      </xs:complexType>
      <xs:element name="${E.interfaceNuu}">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="${E.entete}">
              <xs:complexType>
                <xs:sequence>
                  <xs:element name="${E.typeFichier}" type="nuu:Code"/>
                  <xs:element name="${E.dateFichier}" type="xs:string"/>
                </xs:sequence>
              </xs:complexType>
            </xs:element>
            <xs:element name="${E.demande}">
              <xs:complexType>
                <xs:sequence>
                  <xs:element name="${E.demandeLogement}">
                    <xs:complexType>
                      <xs:sequence>
${demandeLogementXsd()}                      </xs:sequence>
                    </xs:complexType>
                  </xs:element>
                </xs:sequence>
              </xs:complexType>
            </xs:element>
          </xs:sequence>
          <xs:attribute name="${E.versionInterface}" type="xs:string" use="required"/>
        </xs:complexType>
      </xs:element>
    </xs:schema>
`;
}

function wsSchema(): string {
  const wrappers = Object.values(OPERATIONS)
    .map(
      (op) => `      <xs:element name="${op.requete}" type="ws:Parametres"/>
      <xs:element name="${op.reponse}">
        <xs:complexType>
          <xs:sequence>
            <xs:element ref="nuu:${E.interfaceNuu}"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
`,
    )
    .join('');
  return `    <xs:schema targetNamespace="${NS.ws}" elementFormDefault="unqualified"
               xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ws="${NS.ws}"
               xmlns:nuu="${NS.nuu}">
      <xs:import namespace="${NS.nuu}"/>
      <xs:attribute name="${E.contentType}" type="xs:string"/>
      <xs:complexType name="Certificat">
        <xs:simpleContent>
          <xs:extension base="xs:base64Binary">
            <xs:attribute ref="ws:${E.contentType}"/>
          </xs:extension>
        </xs:simpleContent>
      </xs:complexType>
      <xs:complexType name="Parametres">
        <xs:sequence>
          <xs:element name="${E.numUnique}" type="xs:string"/>
          <xs:element name="${E.nomCertificat}" type="xs:string"/>
          <xs:element name="${E.certificat}" type="ws:Certificat" minOccurs="0"/>
        </xs:sequence>
      </xs:complexType>
${wrappers}    </xs:schema>
`;
}

function messagesAndPort(): { messages: string; port: string; binding: string } {
  const ops = Object.values(OPERATIONS);
  const messages = ops
    .map(
      (op) => `  <wsdl:message name="${op.nom}Request">
    <wsdl:part name="parameters" element="ws:${op.requete}"/>
  </wsdl:message>
  <wsdl:message name="${op.nom}Response">
    <wsdl:part name="parameters" element="ws:${op.reponse}"/>
  </wsdl:message>
`,
    )
    .join('');
  const port = ops
    .map(
      (op) => `    <wsdl:operation name="${op.nom}">
      <wsdl:input message="ws:${op.nom}Request"/>
      <wsdl:output message="ws:${op.nom}Response"/>
    </wsdl:operation>
`,
    )
    .join('');
  const binding = ops
    .map(
      (op) => `    <wsdl:operation name="${op.nom}">
      <soap12:operation soapAction="${soapAction(op)}" style="document"/>
      <wsdl:input><soap12:body use="literal"/></wsdl:input>
      <wsdl:output><soap12:body use="literal"/></wsdl:output>
    </wsdl:operation>
`,
    )
    .join('');
  return { messages, port, binding };
}

/** The whole WSDL document (SOAP 1.2 binding, document/literal, types inline). */
export function renderWsdl(): string {
  const { messages, port, binding } = messagesAndPort();
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Rendered from src-main/core/sne/soap-wire.ts by soap-wsdl.ts; do not edit by hand. -->
<wsdl:definitions name="${SERVICE}" targetNamespace="${NS.ws}"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ws="${NS.ws}" xmlns:nuu="${NS.nuu}">
  <wsdl:types>
${nuuSchema()}${wsSchema()}  </wsdl:types>
${messages}  <wsdl:portType name="DemandeLogement">
${port}  </wsdl:portType>
  <wsdl:binding name="DemandeLogementSoap12Binding" type="ws:DemandeLogement">
    <soap12:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
${binding}  </wsdl:binding>
  <wsdl:service name="${SERVICE}">
    <wsdl:port name="DemandeLogementImplPort" binding="ws:DemandeLogementSoap12Binding">
      <soap12:address location="https://localhost${ENDPOINT_PATH}"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
